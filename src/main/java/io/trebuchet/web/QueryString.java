package io.trebuchet.web;

import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The query of a link that keeps a page's filters: fields in the order added, empty ones left out, values
 * percent-encoded. Filters live in the URL so that a view can be bookmarked and comes back the same after an action.
 */
final class QueryString {
    private final List<String> parameters = new ArrayList<>();

    /** A filter field as the person filled it in: the query parameter, stripped; empty when absent. */
    static String field(Context context, String name) {
        return Optional.ofNullable(context.queryParam(name)).orElse("").strip();
    }

    /** Adds {@code name=value}, unless the value is empty. */
    QueryString add(String name, String value) {
        if (!value.isEmpty()) {
            parameters.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        return this;
    }

    boolean isEmpty() {
        return parameters.isEmpty();
    }

    /** {@code path}, followed by the query when there is one. */
    String on(String path) {
        return parameters.isEmpty() ? path : path + "?" + this;
    }

    @Override
    public String toString() {
        return String.join("&", parameters);
    }
}
