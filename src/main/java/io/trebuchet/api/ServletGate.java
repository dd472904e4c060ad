package io.trebuchet.api;

import static java.util.Objects.requireNonNull;

import io.trebuchet.auth.Identity;
import io.trebuchet.core.Actor;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.Json;
import io.trebuchet.core.TrebuchetException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * What a request to a mounted servlet passes before it, as a request to a route does: the host check, then
 * authentication (an identity is all the read-only git server asks for), and after it, its log line and its timing.
 * A refusal is answered in the one error shape; a 401 asks for basic authentication, so that git asks for or sends
 * the token.
 */
final class ServletGate implements Filter {
    private final String route;
    private final AllowedHosts hosts;
    private final AccessControl access;
    private final RequestMetrics metrics;

    ServletGate(String route, AllowedHosts hosts, AccessControl access, RequestMetrics metrics) {
        this.route = requireNonNull(route, "route is null");
        this.hosts = requireNonNull(hosts, "hosts is null");
        this.access = requireNonNull(access, "access is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        long start = System.nanoTime();
        String actor = Actor.ANONYMOUS.name();
        try {
            Optional<TrebuchetException> wrongHost =
                    ApiServer.hostRefusal(Optional.ofNullable(request.getHeader("Host")), hosts);
            if (wrongHost.isPresent()) {
                refuse(response, wrongHost.get());
                return;
            }
            Optional<Identity> identity;
            try {
                identity = access.authenticateServletRequest(
                        Optional.ofNullable(request.getHeader("Authorization")), request.getRemoteAddr());
            } catch (TrebuchetException e) {
                refuse(response, e);
                return;
            }
            if (identity.isEmpty()) {
                chain.doFilter(request, response);
                return;
            }
            String name = identity.get().name();
            actor = identity.get().actor().email();
            chain.doFilter(
                    new HttpServletRequestWrapper(request) {
                        @Override
                        public String getRemoteUser() {
                            return name;
                        }
                    },
                    response);
        } finally {
            float milliseconds = (System.nanoTime() - start) / 1_000_000f;
            metrics.record(request.getMethod(), route, response.getStatus(), milliseconds);
            RequestLog.log(request.getMethod(), route, response.getStatus(), milliseconds, actor);
        }
    }

    private static void refuse(HttpServletResponse response, TrebuchetException error) throws IOException {
        response.setStatus(error.code().httpStatus());
        if (error.code() == ErrorCode.UNAUTHENTICATED) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"trebuchet\"");
        }
        if (error.code() == ErrorCode.RATE_LIMITED) {
            response.setHeader(
                    "Retry-After",
                    String.valueOf(
                            error.details().get("retryAfterSeconds") instanceof Number seconds
                                    ? seconds.longValue()
                                    : 1));
        }
        response.setContentType("application/json");
        Json.mapper().writeValue(response.getOutputStream(), ErrorResponse.of(error));
    }
}
