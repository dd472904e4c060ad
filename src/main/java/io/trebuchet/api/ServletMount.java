package io.trebuchet.api;

import static java.util.Objects.requireNonNull;

import jakarta.servlet.http.HttpServlet;

/**
 * A servlet served beside the routes, under {@code pathSpec} (a servlet path spec such as {@code /git/*}): the same
 * host check and authentication apply to it, and its requests are logged and measured under {@code route}.
 */
public record ServletMount(String pathSpec, String route, HttpServlet servlet) {
    public ServletMount {
        requireNonNull(pathSpec, "pathSpec is null");
        requireNonNull(route, "route is null");
        requireNonNull(servlet, "servlet is null");
        if (!pathSpec.startsWith("/") || !pathSpec.endsWith("/*") || pathSpec.equals("/*")) {
            throw new IllegalArgumentException("a mount's path spec is /<prefix>/*, got " + pathSpec);
        }
    }
}
