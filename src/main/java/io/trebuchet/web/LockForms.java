package io.trebuchet.web;

import io.javalin.http.Context;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.lock.LockId;
import io.trebuchet.lock.LockRequest;
import io.trebuchet.lock.LockTarget;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the UI's lock forms: a new lock's message and optional expiry, and which lock a delete button is about. Every
 * value is validated by the same records as the API's, so the UI refuses exactly what the API refuses.
 */
final class LockForms {
    /** The lock forms' labels by the API field they fill, so that a refusal names the field the person sees. */
    static final Map<String, String> LABELS = Map.of("message", "Message", "expiresIn", "Expires in");

    private LockForms() {}

    /** A new lock from the fields {@code message} and {@code expiresIn} (a duration such as 2h; blank for none). */
    static LockRequest request(Context context) {
        return new LockRequest(
                field(context, "message").orElse(""),
                Optional.empty(),
                Optional.empty(),
                field(context, "expiresIn"),
                Optional.empty(),
                Optional.empty());
    }

    /**
     * What the person typed into a lock form, as typed: shown again when the lock is refused, so that a bad expiry
     * costs one correction and not the whole message.
     */
    static ApplicationView.LockDraft draft(Context context) {
        return new ApplicationView.LockDraft(
                Optional.ofNullable(context.formParam("message")).orElse(""),
                Optional.ofNullable(context.formParam("expiresIn")).orElse(""));
    }

    /** The lock a form names with the fields {@code kind}, {@code environment}, {@code scope} and {@code id}. */
    static LockTarget target(Context context) {
        return target(context, EnvName.of(field(context, "environment").orElse("")));
    }

    /** The lock in {@code environment} that a form names with the fields {@code kind} and {@code scope}. */
    static LockTarget target(Context context, EnvName environment) {
        String kind = field(context, "kind").orElse("").toLowerCase(Locale.ROOT);
        return switch (kind) {
            case "environment" -> new LockTarget.Environment(environment);
            case "application" ->
                new LockTarget.Application(
                        environment, AppName.of(field(context, "scope").orElse("")));
            case "team" ->
                new LockTarget.Team(
                        environment, TeamName.of(field(context, "scope").orElse("")));
            default ->
                throw new TrebuchetException(
                        ErrorCode.INVALID_LOCK,
                        "The form names an unknown kind of lock '%s'.".formatted(kind),
                        Map.of("field", "kind"));
        };
    }

    static LockId id(Context context) {
        return LockId.of(field(context, "id").orElse(""));
    }

    /** A form field, stripped; empty when missing or blank. */
    static Optional<String> field(Context context, String name) {
        return Optional.ofNullable(context.formParam(name)).map(String::strip).filter(value -> !value.isEmpty());
    }
}
