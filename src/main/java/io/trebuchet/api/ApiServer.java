package io.trebuchet.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.Json;
import io.trebuchet.core.TrebuchetException;
import jakarta.servlet.DispatcherType;
import java.io.EOFException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: every feature's routes, the checks every request passes before its route (the host it was sent to,
 * the origin of a change, its size and content type; see {@code docs/adr/0008-browser-origin-and-host.md}), and the
 * mapping of every failure to the one error shape. Bad input is a 4xx with a stable code; only a fault of Trebuchet
 * itself is a 500, logged once here.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    /** The request line and headers together; Jetty's default, set here so that the refusal can name it. */
    static final int MAX_HEADER_BYTES = 8 * 1024;

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    /** How long a stopping server waits for the requests in flight to finish. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final Javalin javalin;
    private final GracefulHandler graceful;

    private ApiServer(Javalin javalin, GracefulHandler graceful) {
        this.javalin = javalin;
        this.graceful = graceful;
    }

    /** Starts serving {@code resources}; {@code admission} bounds how much work it takes on at once. */
    public static ApiServer start(ApiSettings settings, Admission admission, List<HttpResource> resources) {
        return start(settings, admission, AccessControl.none(), new SimpleMeterRegistry(), resources, List.of());
    }

    /**
     * Starts serving {@code resources}; {@code admission} bounds how much work it takes on at once, {@code access}
     * says who may do what; every request is timed in {@code meters}. {@code servlets} are served beside the routes,
     * behind the same host check and authentication.
     */
    public static ApiServer start(
            ApiSettings settings,
            Admission admission,
            AccessControl access,
            MeterRegistry meters,
            List<HttpResource> resources,
            List<ServletMount> servlets) {
        requireNonNull(settings, "settings is null");
        RequestMetrics requestMetrics = new RequestMetrics(meters);
        requireNonNull(admission, "admission is null");
        requireNonNull(access, "access is null");
        AllowedHosts hosts = AllowedHosts.of(settings.bindAddress(), settings.allowedHosts());
        // Stopping stops accepting connections first, then waits up to STOP_TIMEOUT for the requests in flight.
        GracefulHandler graceful = new GracefulHandler();
        Javalin javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = settings.bindAddress();
            config.jetty.port = settings.port();
            config.jetty.modifyServer(server -> {
                server.setErrorHandler(new JsonErrorHandler());
                server.insertHandler(graceful);
                server.setStopTimeout(STOP_TIMEOUT.toMillis());
            });
            config.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(MAX_HEADER_BYTES));
            config.jetty.modifyServletContextHandler(handler -> servlets.forEach(mount -> {
                handler.addFilter(
                        new FilterHolder(new ServletGate(mount.route(), hosts, access, requestMetrics)),
                        mount.pathSpec(),
                        EnumSet.of(DispatcherType.REQUEST));
                handler.addServlet(new ServletHolder(mount.servlet()), mount.pathSpec());
            }));
            config.requestLogger.http(new RequestLog(requestMetrics));
            config.http.maxRequestSize = settings.maxRequestBytes();
            config.jetty.multipartConfig.maxFileSize(settings.maxRequestBytes(), SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(settings.maxRequestBytes(), SizeUnit.BYTES);
            config.jetty.multipartConfig.maxInMemoryFileSize(1024 * 1024, SizeUnit.BYTES);
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
            config.router.ignoreTrailingSlashes = true;
            config.http.prefer405over404 = true;

            // Who may ask first (the Host it was sent to, the page it came from, the credentials it carries: bad ones
            // take no permit), then whether there is room for it, then what it sends, then whether the identity may
            // do what the matched route does.
            config.routes.before(context -> checkHost(context, hosts));
            config.routes.before(ApiServer::checkOrigin);
            config.routes.before(access::authenticate);
            config.routes.before(admission::enter);
            config.routes.after(admission::leave);
            config.routes.before(context -> checkSize(context, settings.maxRequestBytes()));
            config.routes.beforeMatched(ApiServer::checkContentType);
            config.routes.beforeMatched(access::authorize);
            config.routes.exception(TrebuchetException.class, (error, context) -> respond(context, error));
            config.routes.exception(
                    HttpResponseException.class, (error, context) -> respond(context, translate(error)));
            config.routes.exception(Exception.class, (error, context) -> respond(context, unexpected(error, context)));
            resources.forEach(resource -> resource.register(config.routes));
        });
        try {
            javalin.start();
        } catch (RuntimeException e) {
            javalin.stop();
            throw new TrebuchetException(
                    ErrorCode.INTERNAL_ERROR,
                    "cannot listen on %s:%d: %s".formatted(settings.bindAddress(), settings.port(), e.getMessage()),
                    e);
        }
        return new ApiServer(javalin, graceful);
    }

    public int port() {
        return javalin.port();
    }

    /**
     * Every API route served, as {@code METHOD path}, for the OpenAPI consistency check: the web UI's pages (see
     * {@link PageRoutes}) are not part of the API and are left out.
     */
    public List<String> routes() {
        return routes(false);
    }

    /** Every page of the web UI, as {@code METHOD path}. */
    public List<String> pageRoutes() {
        return routes(true);
    }

    private List<String> routes(boolean pages) {
        return javalin.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(endpoint -> endpoint.method.isHttpMethod())
                .filter(endpoint -> PageRoutes.isPage(endpoint) == pages)
                .map(endpoint -> endpoint.method.name() + " " + endpoint.path)
                .sorted(Comparator.naturalOrder())
                .toList();
    }

    /** Stops accepting requests, lets those in flight finish (up to {@link #STOP_TIMEOUT}), then stops. */
    @Override
    public void close() {
        long inFlight = graceful.getCurrentRequestCount();
        if (inFlight > 0) {
            log.info(
                    "Stopping the HTTP server: no new requests; waiting up to {} s for {} in flight",
                    STOP_TIMEOUT.toSeconds(),
                    inFlight);
        }
        javalin.stop();
        long unfinished = graceful.getCurrentRequestCount();
        if (unfinished > 0) {
            log.warn(
                    "The HTTP server stopped with {} requests unfinished after {} s",
                    unfinished,
                    STOP_TIMEOUT.toSeconds());
        } else {
            log.info("The HTTP server stopped; every request in flight was answered");
        }
    }

    /**
     * Refuses a request sent to a host name the server does not answer to: a page of another site whose name was
     * re-pointed at this server (DNS rebinding) would otherwise read and change everything as if it were the UI.
     */
    private static void checkHost(Context context, AllowedHosts hosts) {
        hostRefusal(Optional.ofNullable(context.header("Host")), hosts).ifPresent(refusal -> {
            throw refusal;
        });
    }

    /** Why a request sent to {@code host} is refused, if it is: see {@link #checkHost}. */
    static Optional<TrebuchetException> hostRefusal(Optional<String> host, AllowedHosts hosts) {
        if (hosts.allows(host)) {
            return Optional.empty();
        }
        String sent = abbreviate(host.orElseThrow());
        String name = Authority.parse(sent).map(Authority::host).orElse("NAME");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("host", sent);
        details.put("allowedHosts", hosts.describe());
        return Optional.of(new TrebuchetException(
                ErrorCode.HOST_NOT_ALLOWED,
                ("this server does not answer to the host name '%s' (it answers to %s). If that is a name of this"
                                + " server, start it with --allowed-host %s (or TREBUCHET_ALLOWED_HOSTS=%s); names"
                                + " are checked so that a page of another site cannot reach it through DNS rebinding")
                        .formatted(sent, String.join(", ", hosts.describe()), name, name),
                details));
    }

    /** Refuses a change that a browser sends on behalf of a page of another origin; see {@link SameOrigin}. */
    private static void checkOrigin(Context context) {
        SameOrigin.refusal(new SameOrigin.Request(
                        context.method().name(),
                        Optional.ofNullable(context.header("Origin")),
                        Optional.ofNullable(context.header("Sec-Fetch-Site")),
                        context.scheme(),
                        Optional.ofNullable(context.header("X-Forwarded-Proto")),
                        Optional.ofNullable(context.header("Host"))))
                .ifPresent(refusal -> {
                    throw refusal;
                });
    }

    /**
     * Refuses a change whose body is not of a type its endpoint reads (see {@link Accepts}): before the handler runs,
     * so that nothing reads a form or a text body as JSON.
     */
    private static void checkContentType(Context context) {
        String method = context.method().name();
        if (READS.contains(method)) {
            return;
        }
        Endpoint endpoint = context.endpoints().matchedHttpEndpoint();
        Accepts accepts = Optional.ofNullable(endpoint.metadata(Accepts.class)).orElse(Accepts.JSON);
        String contentType = context.header("Content-Type");
        String route = method + " " + endpoint.path;
        if (contentType == null || contentType.isBlank()) {
            if (hasBody(context)) {
                throw unsupported(
                        "%s takes %s; the request's body has no Content-Type".formatted(route, accepts.describe()),
                        "",
                        accepts);
            }
            return;
        }
        if (BodyType.of(contentType).filter(accepts::accepts).isEmpty()) {
            String hint = hasBody(context)
                    ? accepts.accepts(BodyType.JSON) ? " (send Content-Type: application/json)" : ""
                    : " (a request without a body needs no Content-Type)";
            throw unsupported(
                    "%s takes %s%s, not %s".formatted(route, accepts.describe(), hint, abbreviate(contentType)),
                    contentType,
                    accepts);
        }
    }

    private static boolean hasBody(Context context) {
        long length = context.req().getContentLengthLong();
        return length > 0 || (length < 0 && context.header("Transfer-Encoding") != null);
    }

    private static TrebuchetException unsupported(String message, String contentType, Accepts accepts) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("contentType", abbreviate(contentType));
        details.put(
                "accepted",
                accepts.types().stream().sorted().map(BodyType::mediaType).toList());
        return new TrebuchetException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, message, details);
    }

    private static String abbreviate(String value) {
        return value.length() <= 100 ? value : value.substring(0, 97) + "...";
    }

    private static boolean saysTooLarge(String message) {
        return message != null
                && (message.contains("max length exceeded")
                        || message.contains("exceeds max")
                        || message.contains("maxRequestSize"));
    }

    private static void checkSize(Context context, long maxBytes) {
        // As a long: a length beyond 2 GiB reads as -1 from contentLength(), and the handler would wait for it.
        long length = context.req().getContentLengthLong();
        if (length > maxBytes) {
            throw tooLarge(maxBytes);
        }
    }

    private static TrebuchetException tooLarge(long maxBytes) {
        return new TrebuchetException(
                ErrorCode.PAYLOAD_TOO_LARGE,
                "the request is larger than the limit of %d bytes (see --max-request-size)".formatted(maxBytes),
                Map.of("maxBytes", maxBytes));
    }

    private static void respond(Context context, TrebuchetException error) {
        if (error.code() == ErrorCode.OVERLOADED
                || error.code() == ErrorCode.STORE_UNAVAILABLE
                || error.code() == ErrorCode.RATE_LIMITED) {
            context.header("Retry-After", String.valueOf(retryAfterSeconds(error)));
        }
        if (error.code() == ErrorCode.UNAUTHENTICATED) {
            context.header("WWW-Authenticate", "Bearer realm=\"trebuchet\"");
        }
        context.status(error.code().httpStatus()).json(ErrorResponse.of(error));
    }

    private static long retryAfterSeconds(TrebuchetException error) {
        return error.details().get("retryAfterSeconds") instanceof Number seconds ? seconds.longValue() : 1;
    }

    private static TrebuchetException translate(HttpResponseException error) {
        return forStatus(error.getStatus(), String.valueOf(error.getMessage()));
    }

    /**
     * The error for an HTTP status chosen by Javalin or Jetty rather than by Trebuchet; {@code message} explains a
     * bad request or an unsupported media type.
     */
    static TrebuchetException forStatus(int status, String message) {
        return switch (status) {
            case 404 -> new TrebuchetException(ErrorCode.ROUTE_NOT_FOUND, "no such endpoint; see /api/v1/openapi.json");
            case 405 -> new TrebuchetException(ErrorCode.METHOD_NOT_ALLOWED, "this endpoint does not take that method");
            case 413 -> new TrebuchetException(ErrorCode.PAYLOAD_TOO_LARGE, "the request is too large");
            case 414 -> new TrebuchetException(ErrorCode.URI_TOO_LONG, "the request's URL is too long");
            case 431 -> new TrebuchetException(ErrorCode.HEADERS_TOO_LARGE, "the request's headers are too large");
            case 415 -> new TrebuchetException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, message);
            default ->
                status >= 500
                        ? new TrebuchetException(ErrorCode.INTERNAL_ERROR, "internal error")
                        : new TrebuchetException(ErrorCode.INVALID_REQUEST, message);
        };
    }

    private static TrebuchetException unexpected(Exception error, Context context) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable cause = error; cause != null && chain.size() < 32; cause = cause.getCause()) {
            chain.add(cause);
        }
        for (Throwable cause : chain) {
            if (cause instanceof TrebuchetException trebuchet) {
                return trebuchet;
            }
            if (cause instanceof java.nio.charset.UnsupportedCharsetException
                    || cause instanceof java.nio.charset.IllegalCharsetNameException) {
                return new TrebuchetException(
                        ErrorCode.UNSUPPORTED_MEDIA_TYPE, "the request's charset is unknown; send UTF-8");
            }
            if (cause instanceof JsonProcessingException json) {
                return Json.invalid(json, ErrorCode.INVALID_JSON, "request body");
            }
        }
        // Jetty reports an upload over the multipart limits (chunked bodies have no Content-Length) as a bad
        // multipart caused by "max length exceeded".
        if (chain.stream().map(Throwable::getMessage).anyMatch(ApiServer::saysTooLarge)) {
            return new TrebuchetException(ErrorCode.PAYLOAD_TOO_LARGE, "the request is larger than the limit");
        }
        if (chain.stream().anyMatch(cause -> String.valueOf(cause.getMessage()).contains("multipart"))) {
            return new TrebuchetException(ErrorCode.INVALID_REQUEST, "the multipart body is malformed");
        }
        // Jetty's refusal of a body it cannot read (bad chunking, a body that ends early), met by a handler.
        for (Throwable cause : chain) {
            if (cause instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
                return JsonErrorHandler.error(http.getCode(), http.getReason());
            }
        }
        if (chain.stream().anyMatch(cause -> cause instanceof EOFException)) {
            return new TrebuchetException(ErrorCode.INVALID_REQUEST, "the request's body ended before its length");
        }
        log.error("Unexpected error on {} {}", context.method(), context.path(), error);
        return new TrebuchetException(ErrorCode.INTERNAL_ERROR, "internal error; the server log has the details");
    }
}
