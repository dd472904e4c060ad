package io.trebuchet.api;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.javalin.router.EndpointMetadata;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The content types a write endpoint reads its body as, kept with the endpoint where it is registered. The server
 * refuses a change in any other type with {@code 415} before its handler runs, and a body without a type: a page of
 * another site can send {@code text/plain}, form-encoded and multipart bodies (and, with a Blob, none) without a
 * preflight, but never JSON. Endpoints registered without it read JSON ({@link #JSON}); a body-less change needs no
 * type.
 */
public record Accepts(Set<BodyType> types) implements EndpointMetadata {
    public static final Accepts JSON = new Accepts(Set.of(BodyType.JSON));

    /** Kuberpult's multipart endpoints: {@code /release}, {@code POST /api/environments/<env>}. */
    public static final Accepts MULTIPART = new Accepts(Set.of(BodyType.MULTIPART));

    /** The web UI's forms, which also carry the CSRF token. */
    public static final Accepts FORMS = new Accepts(Set.of(BodyType.FORM, BodyType.MULTIPART));

    public Accepts {
        requireNonNull(types, "types is null");
        if (types.isEmpty()) {
            throw new IllegalArgumentException("an endpoint accepts at least one content type");
        }
        types = Set.copyOf(EnumSet.copyOf(types));
    }

    public static Accepts of(BodyType first, BodyType... more) {
        return new Accepts(EnumSet.of(first, more));
    }

    public void post(RoutesConfig routes, String path, Handler handler) {
        add(routes, HandlerType.POST, path, handler);
    }

    public void put(RoutesConfig routes, String path, Handler handler) {
        add(routes, HandlerType.PUT, path, handler);
    }

    void add(RoutesConfig routes, HandlerType method, String path, Handler handler) {
        requireNonNull(path, "path is null");
        requireNonNull(handler, "handler is null");
        routes.addEndpoint(Endpoint.create(method, path).addMetadata(this).handler(handler));
    }

    boolean accepts(BodyType type) {
        return types.contains(type);
    }

    /** The accepted media types in a stable order, for messages: {@code application/json, multipart/form-data}. */
    String describe() {
        return EnumSet.copyOf(types).stream().map(BodyType::mediaType).collect(Collectors.joining(" or "));
    }
}
