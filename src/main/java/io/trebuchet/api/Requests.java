package io.trebuchet.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.http.Context;
import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.Json;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.core.Version;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** Reads and validates what a request carries: path names, query parameters, JSON bodies, the actor. */
public final class Requests {
    private Requests() {}

    public static AppName application(Context context) {
        return AppName.of(context.pathParam("app"));
    }

    public static EnvName environment(Context context) {
        return EnvName.of(context.pathParam("env"));
    }

    public static GroupName group(Context context) {
        return GroupName.of(context.pathParam("group"));
    }

    public static Version version(Context context) {
        return Version.parse(context.pathParam("version"));
    }

    public static Optional<String> query(Context context, String name) {
        return Optional.ofNullable(context.queryParam(name)).filter(value -> !value.isEmpty());
    }

    public static long queryLong(Context context, String name, long defaultValue) {
        Optional<String> value = query(context, name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.get());
        } catch (NumberFormatException e) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST,
                    "query parameter %s must be an integer, got '%s'".formatted(name, value.get()),
                    Map.of("parameter", name));
        }
    }

    /** A flag: {@code true} or {@code false}, false when absent; anything else is a 400 naming the parameter. */
    public static boolean queryBoolean(Context context, String name) {
        Optional<String> value = query(context, name);
        if (value.isEmpty() || value.get().equalsIgnoreCase("false")) {
            return false;
        }
        if (value.get().equalsIgnoreCase("true")) {
            return true;
        }
        throw new TrebuchetException(
                ErrorCode.INVALID_REQUEST,
                "query parameter %s must be true or false, got '%s'".formatted(name, value.get()),
                Map.of("parameter", name));
    }

    public static int queryInt(Context context, String name, int defaultValue) {
        long value = queryLong(context, name, defaultValue);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST,
                    "query parameter %s is out of range".formatted(name),
                    Map.of("parameter", name));
        }
        return (int) value;
    }

    /** The body as a {@code type}: missing, malformed or invalid bodies are a 400 naming the field. */
    public static <T> T body(Context context, Class<T> type, String what) {
        String body = context.body();
        if (body.isBlank()) {
            throw new TrebuchetException(ErrorCode.INVALID_JSON, what + " is missing: send a JSON body");
        }
        try {
            T value = Json.mapper().readValue(body, type);
            if (value == null) {
                throw new TrebuchetException(ErrorCode.INVALID_JSON, what + " is missing: the body is null");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw Json.invalid(e, ErrorCode.INVALID_JSON, what);
        }
    }

    /**
     * Who is making the request. With authentication on, the authenticated identity, always: Kuberpult's
     * {@code author-name} and {@code author-email} headers are still checked (and {@link #author} returns them) but
     * never replace it. With authentication off, the author the headers name; anonymous when they are absent.
     */
    public static Actor actor(Context context) {
        Optional<Actor> author = author(context);
        Optional<Actor> identity = Guard.of(context).identity().map(io.trebuchet.auth.Identity::actor);
        return identity.or(() -> author).orElse(Actor.ANONYMOUS);
    }

    /**
     * The author Kuberpult's base64 {@code author-name} and {@code author-email} headers name, if they do: the person a
     * CI job acts for. With authentication on it is not the actor (see {@link #actor}).
     */
    public static Optional<Actor> author(Context context) {
        Optional<String> name = base64Header(context, "author-name");
        Optional<String> email = base64Header(context, "author-email");
        if (name.isEmpty() && email.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Actor(name.orElseGet(email::orElseThrow), email.orElse(Actor.ANONYMOUS.email())));
    }

    /** The keyring and the environments that require signatures, for the checks of signed releases. */
    public static io.trebuchet.auth.Signatures signatures(Context context) {
        return Guard.signatures(context);
    }

    /** An environment and its group: the names that may require a signature of what is sent for it. */
    public static java.util.Set<String> signatureNames(Context context, EnvName environment) {
        return Guard.signatureNames(context, environment);
    }

    private static Optional<String> base64Header(Context context, String header) {
        String value = context.header(header);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            // Kuberpult's own create-release.sh appends a stray "=" to the encoded name; trailing padding is
            // optional to Java's decoder, so all of it is dropped.
            String encoded = value.trim().replaceAll("=+$", "");
            return Optional.of(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8))
                    .filter(decoded -> !decoded.isBlank());
        } catch (IllegalArgumentException e) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_REQUEST,
                    "header %s must be base64-encoded, as Kuberpult's clients send it".formatted(header),
                    Map.of("header", header));
        }
    }
}
