package io.trebuchet.api;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a change was sent by a browser on behalf of a page of another origin. Until authentication lands,
 * any page a user visits could otherwise deploy through the API: a form post or a no-cors fetch needs no preflight, and
 * a page on another port of localhost is "same-site" but not the same origin. Browsers say where a request comes from
 * ({@code Origin}, {@code Sec-Fetch-Site}) and pages cannot forge either; curl, CI and the CLI send neither.
 */
final class SameOrigin {
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> OWN_SITES = Set.of("same-origin", "none");
    private static final Pattern ORIGIN = Pattern.compile("(https?)://([^/?#@]+)");

    private SameOrigin() {}

    /** What a request says about where it comes from, and where it arrived. */
    record Request(
            String method,
            Optional<String> origin,
            Optional<String> fetchSite,
            String scheme,
            Optional<String> forwardedProto,
            Optional<String> host) {
        Request {
            requireNonNull(method, "method is null");
            requireNonNull(origin, "origin is null");
            requireNonNull(fetchSite, "fetchSite is null");
            requireNonNull(scheme, "scheme is null");
            requireNonNull(forwardedProto, "forwardedProto is null");
            requireNonNull(host, "host is null");
        }

        /**
         * The scheme the browser used: a proxy that ends TLS says so in {@code X-Forwarded-Proto}, which a page of
         * another origin cannot set without a preflight that the server does not answer.
         */
        String ownScheme() {
            return forwardedProto
                    .map(proto -> proto.split(",", 2)[0].strip().toLowerCase(Locale.ROOT))
                    .filter(proto -> proto.equals("http") || proto.equals("https"))
                    .orElse(scheme.toLowerCase(Locale.ROOT));
        }

        /** The server's own origin as this request reached it, {@code scheme://host[:port]}. */
        Optional<String> ownOrigin() {
            return host.map(value -> ownScheme() + "://" + value.strip().toLowerCase(Locale.ROOT));
        }
    }

    /** The refusal of a change from another origin; empty for reads, and for changes from no browser or the own. */
    static Optional<TrebuchetException> refusal(Request request) {
        if (READS.contains(request.method().toUpperCase(Locale.ROOT))) {
            return Optional.empty();
        }
        Optional<String> site = request.fetchSite().map(value -> value.strip().toLowerCase(Locale.ROOT));
        if (site.isPresent() && !OWN_SITES.contains(site.get())) {
            return Optional.of(refused(
                    "the browser says it was sent by a page of another %s (Sec-Fetch-Site: %s)"
                            .formatted(site.get().equals("same-site") ? "origin on the same site" : "site", site.get()),
                    request));
        }
        if (request.origin().isEmpty()) {
            return Optional.empty();
        }
        String origin = request.origin().get().strip();
        if (origin.equals("null")) {
            return Optional.of(refused(
                    "the browser hides the page it was sent from (Origin: null: a sandboxed frame, a file or a"
                            + " redirect)",
                    request));
        }
        if (!sameOrigin(origin, request)) {
            return Optional.of(refused("it was sent by a page of another origin (%s)".formatted(origin), request));
        }
        return Optional.empty();
    }

    private static boolean sameOrigin(String origin, Request request) {
        Matcher matcher = ORIGIN.matcher(origin.toLowerCase(Locale.ROOT));
        if (!matcher.matches() || request.host().isEmpty()) {
            return false;
        }
        String scheme = matcher.group(1);
        Optional<Authority> from = Authority.parse(matcher.group(2));
        Optional<Authority> to = Authority.parse(request.host().get());
        return from.isPresent()
                && to.isPresent()
                && scheme.equals(request.ownScheme())
                && from.get().host().equals(to.get().host())
                && from.get().portOr(scheme) == to.get().portOr(scheme);
    }

    private static TrebuchetException refused(String why, Request request) {
        Map<String, Object> details = new LinkedHashMap<>();
        request.origin().ifPresent(origin -> details.put("origin", origin));
        request.fetchSite().ifPresent(site -> details.put("secFetchSite", site));
        request.ownOrigin().ifPresent(own -> details.put("expectedOrigin", own));
        return new TrebuchetException(
                ErrorCode.CROSS_SITE_REQUEST,
                ("a change sent by a browser from another origin is refused: %s. Use the web UI of this server, or the"
                                + " API from a client such as curl or the trebuchet CLI")
                        .formatted(why),
                details);
    }
}
