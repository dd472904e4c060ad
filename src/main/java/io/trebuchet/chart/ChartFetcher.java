package io.trebuchet.chart;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.DocumentLimits;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.core.Yaml;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fetches a chart archive from a classic chart repository: its {@code index.yaml} names the archive's URL (absolute,
 * or relative to the repository) and its sha256 digest, which is checked. Reads are bounded: the index by {@link
 * #MAX_INDEX_BYTES}, the archive by {@link DocumentLimits#MAX_CHART_ARCHIVE_BYTES}.
 */
final class ChartFetcher {
    /** Bytes of a repository's index.yaml. */
    static final int MAX_INDEX_BYTES = 4 * 1024 * 1024;

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client;

    ChartFetcher(HttpClient client) {
        this.client = requireNonNull(client, "client is null");
    }

    static ChartFetcher create() {
        return new ChartFetcher(HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build());
    }

    byte[] fetch(ChartReference.Repository repository, ChartVersion version) {
        URI base = URI.create(repository.url() + "/");
        URI indexUrl = base.resolve("index.yaml");
        String index = new String(get(indexUrl, MAX_INDEX_BYTES, repository), StandardCharsets.UTF_8);
        Map<?, ?> entry = entry(index, repository, version);
        Object urls = entry.get("urls");
        if (!(urls instanceof List<?> list) || list.isEmpty() || !(list.getFirst() instanceof String first)) {
            throw notFound(repository, version, "its entry in index.yaml has no urls");
        }
        URI archiveUrl;
        try {
            archiveUrl = base.resolve(first);
        } catch (IllegalArgumentException e) {
            throw notFound(repository, version, "its URL '%s' in index.yaml is not a URL".formatted(first));
        }
        String scheme = Optional.ofNullable(archiveUrl.getScheme()).orElse("");
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw notFound(repository, version, "its URL '%s' in index.yaml is not http(s)".formatted(first));
        }
        byte[] archive = get(archiveUrl, DocumentLimits.MAX_CHART_ARCHIVE_BYTES, repository);
        if (entry.get("digest") instanceof String digest
                && !ChartArchive.sha256(archive).equals("sha256:" + digest)) {
            throw notFound(
                    repository,
                    version,
                    "the archive's sha256 is %s, index.yaml says %s".formatted(ChartArchive.sha256(archive), digest));
        }
        return archive;
    }

    private static Map<?, ?> entry(String index, ChartReference.Repository repository, ChartVersion version) {
        List<Object> documents;
        try {
            documents = Yaml.load(index, Yaml.settings("index.yaml").build(), "index.yaml");
        } catch (org.snakeyaml.engine.v2.exceptions.YamlEngineException e) {
            throw notFound(repository, version, "its index.yaml is not valid YAML");
        }
        if (documents.isEmpty()
                || !(documents.getFirst() instanceof Map<?, ?> root)
                || !(root.get("entries") instanceof Map<?, ?> entries)) {
            throw notFound(repository, version, "its index.yaml has no entries");
        }
        if (!(entries.get(repository.name()) instanceof List<?> versions)) {
            throw notFound(repository, version, "the repository has no chart of that name");
        }
        for (Object candidate : versions) {
            if (candidate instanceof Map<?, ?> map && version.text().equals(String.valueOf(map.get("version")))) {
                return map;
            }
        }
        throw notFound(repository, version, "the repository has no such version of it");
    }

    private byte[] get(URI url, int limit, ChartReference.Repository repository) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new TrebuchetException(
                            ErrorCode.CHART_NOT_FOUND,
                            "chart repository %s answered %d for %s"
                                    .formatted(repository.url(), response.statusCode(), url),
                            Map.of("chart", repository.text(), "status", response.statusCode()));
                }
                byte[] bytes = body.readNBytes(limit + 1);
                if (bytes.length > limit) {
                    throw new TrebuchetException(
                            ErrorCode.CHART_TOO_LARGE,
                            "%s is larger than %d bytes".formatted(url, limit),
                            Map.of("maximum", limit));
                }
                return bytes;
            }
        } catch (IOException e) {
            throw new TrebuchetException(
                    ErrorCode.CHART_NOT_FOUND,
                    "cannot fetch %s from chart repository %s: %s".formatted(url, repository.url(), e.getMessage()),
                    Map.of("chart", repository.text()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while fetching " + url, e));
        }
    }

    private static TrebuchetException notFound(
            ChartReference.Repository repository, ChartVersion version, String reason) {
        return new TrebuchetException(
                ErrorCode.CHART_NOT_FOUND,
                "chart %s %s cannot be fetched from %s: %s"
                        .formatted(repository.name(), version, repository.url(), reason),
                Map.of("chart", repository.text(), "chartVersion", version.text()));
    }
}
