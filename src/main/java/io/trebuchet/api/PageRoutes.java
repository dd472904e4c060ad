package io.trebuchet.api;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.javalin.router.EndpointMetadata;

/**
 * Registers routes of the web UI. They are served by the same server as the API but are not part of it: they answer
 * with HTML, are not in the OpenAPI document, and {@link ApiServer#routes()} leaves them out. Their posts are forms
 * ({@link Accepts#FORMS}) that carry the CSRF token. Marking them where they
 * are registered keeps that distinction in one place instead of in path prefixes.
 */
public final class PageRoutes {
    private PageRoutes() {}

    /** What marks an endpoint as a page. */
    private enum Marker implements EndpointMetadata {
        PAGE
    }

    public static void get(RoutesConfig routes, String path, Handler handler) {
        add(routes, HandlerType.GET, path, handler);
    }

    public static void post(RoutesConfig routes, String path, Handler handler) {
        add(routes, HandlerType.POST, path, handler);
    }

    private static void add(RoutesConfig routes, HandlerType method, String path, Handler handler) {
        requireNonNull(path, "path is null");
        requireNonNull(handler, "handler is null");
        if (path.equals("/api") || path.startsWith("/api/")) {
            throw new IllegalArgumentException("page routes stay out of /api, which is the API's: " + path);
        }
        routes.addEndpoint(Endpoint.create(method, path)
                .addMetadata(Marker.PAGE)
                .addMetadata(Accepts.FORMS)
                .handler(handler));
    }

    static boolean isPage(Endpoint endpoint) {
        return endpoint.metadata(Marker.class) != null;
    }
}
