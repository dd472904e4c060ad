package io.trebuchet.chart;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The hosts the server may fetch charts from ({@code serve --chart-source}): a chart reference names a URL, and
 * without a list anyone who may create releases could make the server request any address it reaches, internal
 * services included. Each entry is a host name or address, with a port when it is not the scheme's default; every
 * request (the index, the archive it points to, each redirect, the registry's blobs) must go to one of them. None by
 * default: then charts come only as archives uploaded with the release. An entry without a port allows the host on
 * any port. {@code credentials} are how the server signs in to some of them, by the same host entries.
 */
public record ChartSources(Set<String> hosts, Map<String, ChartCredentials> credentials) {
    public static final ChartSources NONE = new ChartSources(Set.of());

    public ChartSources(Set<String> hosts) {
        this(hosts, Map.of());
    }

    public ChartSources {
        TreeSet<String> normalized = new TreeSet<>();
        for (String host : hosts) {
            String entry = host.strip().toLowerCase(Locale.ROOT);
            if (entry.isEmpty() || entry.contains("/") || entry.contains("@") || entry.contains(" ")) {
                throw new IllegalArgumentException(
                        "a chart source is a host name or address with an optional port, e.g. charts.example.com or"
                                + " registry.example.com:5000, not '" + host + "'");
            }
            normalized.add(entry);
        }
        hosts = Set.copyOf(normalized);
        Map<String, ChartCredentials> signIns = new TreeMap<>();
        credentials.forEach((host, signIn) -> {
            String entry = host.strip().toLowerCase(Locale.ROOT);
            if (!normalized.contains(entry)) {
                throw new IllegalArgumentException(
                        "credentials are given for %s, which is not a --chart-source".formatted(host));
            }
            signIns.put(entry, requireNonNull(signIn, "credentials are null"));
        });
        credentials = Map.copyOf(signIns);
    }

    /**
     * Adds credentials written {@code HOST[:PORT]=USERNAME:PASSWORD_FILE}, the host being a chart source and the file
     * an absolute path.
     */
    public ChartSources withCredentials(List<String> entries) {
        Map<String, ChartCredentials> all = new TreeMap<>(credentials);
        for (String entry : entries) {
            int equals = entry.indexOf('=');
            int colon = entry.indexOf(':', equals + 1);
            if (equals <= 0 || colon < 0) {
                throw new IllegalArgumentException("chart credentials are HOST[:PORT]=USERNAME:PASSWORD_FILE, e.g."
                        + " registry.example.com=ci:/run/secrets/registry-password");
            }
            all.put(
                    entry.substring(0, equals),
                    new ChartCredentials(entry.substring(equals + 1, colon), Path.of(entry.substring(colon + 1))));
        }
        return new ChartSources(hosts, all);
    }

    /** The credentials for {@code url}'s host: those of its host and port, else those of the host alone. */
    Optional<ChartCredentials> credentials(URI url) {
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        String withPort = url.getPort() < 0 ? host : host + ":" + url.getPort();
        return Optional.ofNullable(credentials.get(withPort)).or(() -> Optional.ofNullable(credentials.get(host)));
    }

    public static ChartSources of(List<String> hosts) {
        return new ChartSources(Set.copyOf(hosts));
    }

    /** Refuses a URL whose host (and port, when not the scheme's default) is not a chart source. */
    void check(URI url, String chart) {
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        String withPort = url.getPort() < 0 ? host : host + ":" + url.getPort();
        if (hosts.contains(withPort) || hosts.contains(host)) {
            return;
        }
        throw new TrebuchetException(
                ErrorCode.CHART_SOURCE_NOT_ALLOWED,
                hosts.isEmpty()
                        ? "this server fetches no charts (start it with --chart-source %s to allow that host);"
                                        .formatted(withPort)
                                + " upload the chart archive with the release instead"
                        : "%s is not a chart source of this server (allowed: %s); ask an operator to add it with"
                                        .formatted(withPort, String.join(", ", hosts))
                                + " --chart-source, or upload the chart archive with the release",
                Map.of("chart", chart, "host", withPort));
    }
}
