package io.trebuchet.api;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.javalin.http.RequestLogger;
import io.javalin.router.Endpoint;
import io.trebuchet.core.Actor;
import io.trebuchet.core.TrebuchetException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One log line per request: method, route, status, duration and actor. The route is the template the request matched
 * ({@code /api/v1/environments/{env}}), so that lines group by endpoint and carry no names from the path; a request
 * that matched no route shows its path. Query strings and bodies are never logged. The fields are also key-value
 * pairs, which the JSON log format writes as fields. Health checks and probes (Kubernetes asks every few seconds) and
 * the web UI's static assets log at DEBUG. Every request is also timed in {@link RequestMetrics}.
 */
final class RequestLog implements RequestLogger {
    private static final Logger log = LoggerFactory.getLogger(RequestLog.class);
    private static final int MAX_PATH = 200;
    /** The route of a request that matched none, in the metrics: paths that match nothing are not a label. */
    private static final String UNMATCHED = "unmatched";

    private final RequestMetrics metrics;

    RequestLog(RequestMetrics metrics) {
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    @Override
    public void handle(Context context, Float milliseconds) {
        Optional<String> matched = matchedRoute(context);
        String route = matched.orElseGet(() -> path(context));
        String method = context.method().name();
        int status = context.statusCode();
        metrics.record(method, matched.orElse(UNMATCHED), status, milliseconds);
        log(method, route, status, milliseconds, actor(context));
    }

    /** The line of one request, also for requests to mounted servlets, which Javalin does not see. */
    static void log(String method, String route, int status, float milliseconds, String actor) {
        boolean routine = route.startsWith("/api/v1/health") || route.startsWith("/assets/");
        LoggingEventBuilder event = routine ? log.atDebug() : log.atInfo();
        long duration = Math.round(milliseconds);
        event.addKeyValue("method", method)
                .addKeyValue("route", route)
                .addKeyValue("status", status)
                .addKeyValue("durationMs", duration)
                .addKeyValue("actor", actor)
                .log("{} {} {} {} ms {}", method, route, status, duration, actor);
    }

    private static Optional<String> matchedRoute(Context context) {
        Endpoint endpoint = context.endpoints().matchedHttpEndpoint();
        if (endpoint != null && !endpoint.path.isEmpty() && !endpoint.path.equals("*")) {
            return Optional.of(endpoint.path);
        }
        return Optional.empty();
    }

    private static String path(Context context) {
        // A path that matched nothing is whatever the client sent: no control characters into the log.
        String path = context.path().replaceAll("\\p{Cntrl}", "?");
        return path.length() > MAX_PATH ? path.substring(0, MAX_PATH) + "..." : path;
    }

    /** Who the request says it is; the headers were checked by the handler, which refused what it could not read. */
    private static String actor(Context context) {
        try {
            Actor actor = Requests.actor(context);
            return actor.equals(Actor.ANONYMOUS) ? actor.name() : actor.email();
        } catch (TrebuchetException e) {
            return "invalid";
        }
    }
}
