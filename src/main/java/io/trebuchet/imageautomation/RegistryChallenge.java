package io.trebuchet.imageautomation;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a registry's {@code WWW-Authenticate} header asks for: {@code basic}, or {@code bearer} with the token service
 * ({@code realm}), its {@code service} and the {@code scope} to ask a token for. Shared by image automation and chart
 * pulls, which both sign in to OCI registries the way the distribution spec describes.
 */
public record RegistryChallenge(String scheme, Map<String, String> parameters) {
    private static final Pattern PARAMETER = Pattern.compile("([A-Za-z_]+)=\"([^\"]*)\"");

    public RegistryChallenge {
        requireNonNull(scheme, "scheme is null");
        parameters = Map.copyOf(parameters);
    }

    /** The challenge of a 401 answer; its scheme is empty when the header is missing. */
    public static RegistryChallenge parse(String header) {
        String scheme = header.strip().split(" ", 2)[0].toLowerCase(Locale.ROOT);
        Map<String, String> parameters = new LinkedHashMap<>();
        Matcher matcher = PARAMETER.matcher(header);
        while (matcher.find()) {
            parameters.put(matcher.group(1).toLowerCase(Locale.ROOT), matcher.group(2));
        }
        return new RegistryChallenge(scheme, parameters);
    }

    /**
     * Where to ask a bearer token for {@code scope} (the challenge's own scope when it names one); empty when the
     * challenge has no realm or the realm is not an http(s) URL.
     */
    public Optional<URI> tokenUri(String scope) {
        String realm = parameters.get("realm");
        if (realm == null) {
            return Optional.empty();
        }
        StringBuilder query = new StringBuilder();
        if (parameters.containsKey("service")) {
            query.append("service=").append(URLEncoder.encode(parameters.get("service"), StandardCharsets.UTF_8));
        }
        query.append(query.isEmpty() ? "" : "&")
                .append("scope=")
                .append(URLEncoder.encode(parameters.getOrDefault("scope", scope), StandardCharsets.UTF_8));
        URI uri;
        try {
            uri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean http = scheme.equals("http") || scheme.equals("https");
        return http && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
    }
}
