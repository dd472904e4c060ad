package io.trebuchet.web;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.TrebuchetException;
import io.trebuchet.deploy.Blocker;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a refusal of the services into the sentence a page shows. The API's messages name its JSON fields and speak to
 * clients ("lockBehavior 'ignore'"); a person at a form needs the label they see and what to do next. Every error code
 * is decided here, once, so that a new code must be given its words before the build passes.
 */
final class ErrorSentences {
    private ErrorSentences() {}

    /**
     * The sentence for {@code error}; a message about a field the form shows names it by the form's label.
     *
     * @param labels the form's labels by the API field they fill, such as {@code message} → {@code Message}
     */
    static String of(TrebuchetException error, Map<String, String> labels) {
        requireNonNull(error, "error is null");
        requireNonNull(labels, "labels is null");
        String message = error.getMessage() == null ? "" : error.getMessage();
        return switch (error.code()) {
            case CROSS_SITE_REQUEST ->
                "This page is out of date or was sent from another site: reload it and try again.";
            case CONCURRENT_CHANGE -> "Someone changed this at the same moment: reload the page and try again.";
            case UNAUTHENTICATED -> "You are not signed in (or your session ended): sign in and try again.";
            case FORBIDDEN -> "You may not do this: " + sentence(message);
            case RATE_LIMITED -> "Too many attempts: wait a minute and try again.";
            case OVERLOADED, STORE_UNAVAILABLE, EXPORT_UNAVAILABLE, IDENTITY_PROVIDER_UNAVAILABLE ->
                "The server cannot do this right now; nothing changed. Try again in a moment.";
            case INTERNAL_ERROR ->
                "Something went wrong on the server; nothing you did caused it. " + sentence(message);
            case DEPLOYMENT_BLOCKED -> "Not deployed: a lock or a freeze window stops changes there.";
            case PRERELEASE_CHART_NOT_ALLOWED -> "Not deployed: " + sentence(message);
            case NOT_DEPLOYED ->
                about(error, "%s does not run in %s (any more): reload to see what runs where.")
                        .orElse(sentence(message));
            case HOLD_NOT_FOUND ->
                about(error, "%s is not held in %s (any more): someone released the hold.")
                        .orElse(sentence(message));
            case CSRF_TOKEN_INVALID,
                    INVALID_REQUEST,
                    INVALID_JSON,
                    INVALID_APPLICATION_NAME,
                    INVALID_ENVIRONMENT_NAME,
                    INVALID_GROUP_NAME,
                    INVALID_TEAM_NAME,
                    INVALID_VERSION,
                    INVALID_MANIFEST,
                    MISSING_MANIFEST,
                    UNKNOWN_ENVIRONMENT,
                    INVALID_ENVIRONMENT_CONFIG,
                    INVALID_SCHEDULE,
                    INVALID_LOCK,
                    INVALID_STACK_NAME,
                    INVALID_TEMPLATE,
                    INVALID_VALUES,
                    MISSING_PARAMETERS,
                    POLICY_VIOLATION,
                    UNKNOWN_UPSTREAM,
                    UPSTREAM_CYCLE,
                    NO_MANIFEST_FOR_ENVIRONMENT,
                    INVALID_PLATFORM_CONFIG,
                    UNSUPPORTED_OPTION,
                    ARGOCD_DESTINATION_AMBIGUOUS,
                    ROUTE_NOT_FOUND,
                    ENVIRONMENT_NOT_FOUND,
                    APPLICATION_NOT_FOUND,
                    RELEASE_NOT_FOUND,
                    LOCK_NOT_FOUND,
                    ENVIRONMENT_GROUP_NOT_FOUND,
                    STACK_NOT_FOUND,
                    TEMPLATE_NOT_FOUND,
                    COMMIT_NOT_FOUND,
                    METHOD_NOT_ALLOWED,
                    RELEASE_CONFLICT,
                    STACK_IN_USE,
                    ENVIRONMENT_IN_USE,
                    ENVIRONMENT_NOT_EMPTY,
                    APPLICATION_IN_USE,
                    EXPORT_DIVERGED,
                    PAYLOAD_TOO_LARGE,
                    UNSUPPORTED_MEDIA_TYPE,
                    HEADERS_TOO_LARGE,
                    URI_TOO_LONG,
                    EXPECTATION_FAILED,
                    HTTP_VERSION_NOT_SUPPORTED,
                    HOST_NOT_ALLOWED,
                    INVALID_RBAC_POLICY,
                    SIGNATURE_REQUIRED,
                    SIGNATURE_INVALID,
                    TOKEN_NOT_FOUND,
                    DOCUMENT_TOO_COMPLEX,
                    INVALID_IMAGE_POLICY,
                    INVALID_IMAGE_SOURCE,
                    IMAGE_SOURCE_NOT_FOUND,
                    REGISTRY_ERROR,
                    INVALID_CHART,
                    CHART_TOO_LARGE,
                    CHART_RENDER_FAILED,
                    CHART_NOT_FOUND,
                    CHART_SOURCE_NOT_ALLOWED,
                    INVALID_CHART_SUBSCRIPTION,
                    CHART_SUBSCRIPTION_NOT_FOUND -> sentence(labelled(error, message, labels));
        };
    }

    /**
     * The message with the API field it is about named by the form's label for it: the field the message starts with
     * becomes the label ("expiresIn must be…" → "Expires in must be…"), a message that only says what is wrong gets
     * the label in front ("must be positive" → "Expires in must be positive", "a token named 'ci' exists already" →
     * "Name: a token named…") unless it names the field in its own words already. The field is the error's {@code field} detail (a JSON body's field) or its {@code
     * parameter} detail (a query parameter, such as the history's filters).
     */
    private static String labelled(TrebuchetException error, String message, Map<String, String> labels) {
        Optional<String> field = detail(error, "field").or(() -> detail(error, "parameter"));
        Optional<String> label = field.map(labels::get);
        if (field.isEmpty() || label.isEmpty()) {
            return message;
        }
        if (message.startsWith(field.get() + " ")) {
            return label.get() + message.substring(field.get().length());
        }
        if (message.startsWith("must ")) {
            return label.get() + " " + message;
        }
        if (Pattern.compile("\\b" + Pattern.quote(label.get()) + "\\b", Pattern.CASE_INSENSITIVE)
                .matcher(message)
                .find()) {
            // The message names the field in its own words ("there is no lock state 'x'"): a prefix would repeat it.
            return message;
        }
        return label.get() + ": " + message;
    }

    private static Optional<String> detail(TrebuchetException error, String key) {
        return error.details().get(key) instanceof String value ? Optional.of(value) : Optional.empty();
    }

    /** A sentence about the application and environment the error's details name, when they name both. */
    private static Optional<String> about(TrebuchetException error, String format) {
        if (error.details().get("application") instanceof String application
                && error.details().get("environment") instanceof String environment) {
            return Optional.of(format.formatted(application, environment));
        }
        return Optional.empty();
    }

    /**
     * A blocker as the deploy service stored it with a queued version ({@code ENVIRONMENT_LOCKED: environment lock
     * 'qa' on dev: …}), as a sentence without its code: the code is for clients, the rest is for people.
     */
    static String storedBlocker(String stored) {
        requireNonNull(stored, "stored is null");
        for (Blocker.Cause cause : Blocker.Cause.values()) {
            String prefix = cause.name() + ": ";
            if (stored.startsWith(prefix)) {
                return sentence(stored.substring(prefix.length()));
            }
        }
        return sentence(stored);
    }

    /** Starts with a capital letter and ends with a full stop. */
    static String sentence(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return "That did not work.";
        }
        String capital = trimmed.substring(0, 1).toUpperCase(Locale.ROOT) + trimmed.substring(1);
        return capital.endsWith(".") || capital.endsWith("?") || capital.endsWith("!") ? capital : capital + ".";
    }
}
