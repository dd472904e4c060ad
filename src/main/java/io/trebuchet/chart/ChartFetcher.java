package io.trebuchet.chart;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.DocumentLimits;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.core.Yaml;
import io.trebuchet.imageautomation.RegistryBudgets;
import io.trebuchet.imageautomation.RegistryChallenge;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Fetches a chart archive from a classic chart repository: its {@code index.yaml} names the archive's URL (absolute,
 * or relative to the repository) and its sha256 digest, which is checked. Reads are bounded: the index by {@link
 * #MAX_INDEX_BYTES}, the archive by {@link DocumentLimits#MAX_CHART_ARCHIVE_BYTES}. Every request, token requests
 * and redirects included, keeps to its host's {@link RegistryBudgets budget}, the one image automation keeps to.
 */
final class ChartFetcher {
    /** Bytes of a repository's index.yaml. */
    static final int MAX_INDEX_BYTES = 4 * 1024 * 1024;

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Bytes of a token service's answer. */
    private static final int MAX_TOKEN_BYTES = 64 * 1024;

    /** Redirects followed per request, each to a chart source. */
    private static final int MAX_REDIRECTS = 5;

    private final HttpClient client;
    private final ChartSources sources;
    private final RegistryBudgets budgets;

    ChartFetcher(HttpClient client, ChartSources sources, RegistryBudgets budgets) {
        this.client = requireNonNull(client, "client is null");
        this.sources = requireNonNull(sources, "sources is null");
        this.budgets = requireNonNull(budgets, "budgets is null");
    }

    /** Redirects are followed here, not by the client, so that each target is checked against {@code sources}. */
    static ChartFetcher create(ChartSources sources, RegistryBudgets budgets) {
        return new ChartFetcher(
                HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(10))
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build(),
                sources,
                budgets);
    }

    byte[] fetch(ChartReference.Repository repository, ChartVersion version) {
        URI base = URI.create(repository.url() + "/");
        URI indexUrl = base.resolve("index.yaml");
        SignIn signIn = new SignIn(repository.text(), "");
        String index = new String(get(indexUrl, MAX_INDEX_BYTES, signIn, Optional.empty()), StandardCharsets.UTF_8);
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
        byte[] archive = get(archiveUrl, DocumentLimits.MAX_CHART_ARCHIVE_BYTES, signIn, Optional.empty());
        if (entry.get("digest") instanceof String digest
                && !ChartArchive.sha256(archive).equals("sha256:" + digest)) {
            throw notFound(
                    repository,
                    version,
                    "the archive's sha256 is %s, index.yaml says %s".formatted(ChartArchive.sha256(archive), digest));
        }
        return archive;
    }

    /** The media type of a Helm chart's layer in an OCI artifact. */
    static final String CHART_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";

    /**
     * Fetches a chart from an OCI registry as {@code helm pull} does: the manifest tagged with the version, then the
     * blob of its chart layer, checked against the layer's digest. Signs in as the registry's challenge asks (see
     * {@link SignIn}). A registry on the loopback interface is spoken to over plain HTTP (as {@code helm
     * --plain-http}), any other over HTTPS.
     */
    byte[] fetch(ChartReference.Oci oci, ChartVersion version) {
        String host = oci.host();
        boolean loopback = host.startsWith("127.0.0.1") || host.startsWith("localhost") || host.startsWith("[::1]");
        // OCI tags cannot hold '+': helm pushes 1.0.0+build as 1.0.0_build.
        String tag = version.text().replace('+', '_');
        URI base = URI.create((loopback ? "http://" : "https://") + host + "/v2/" + oci.path() + "/");
        SignIn signIn = new SignIn(oci.text(), "repository:" + oci.path() + ":pull");
        byte[] manifestBytes = get(
                base.resolve("manifests/" + tag),
                MAX_INDEX_BYTES,
                signIn,
                Optional.of("application/vnd.oci.image.manifest.v1+json"));
        com.fasterxml.jackson.databind.JsonNode manifest;
        try {
            manifest = io.trebuchet.core.Json.mapper().readTree(manifestBytes);
        } catch (IOException e) {
            throw notFound(oci.text(), version, "its manifest is not JSON");
        }
        for (com.fasterxml.jackson.databind.JsonNode layer : manifest.path("layers")) {
            if (CHART_LAYER.equals(layer.path("mediaType").asText())) {
                String digest = layer.path("digest").asText();
                if (!digest.matches("sha256:[0-9a-f]{64}")) {
                    throw notFound(oci.text(), version, "its chart layer has no sha256 digest");
                }
                byte[] archive = get(
                        base.resolve("blobs/" + digest),
                        DocumentLimits.MAX_CHART_ARCHIVE_BYTES,
                        signIn,
                        Optional.empty());
                if (!ChartArchive.sha256(archive).equals(digest)) {
                    throw notFound(oci.text(), version, "the chart layer's content does not match its digest");
                }
                return archive;
            }
        }
        throw notFound(oci.text(), version, "the artifact has no Helm chart layer");
    }

    /** The versions of the chart that a repository's index.yaml lists, as written there. */
    List<String> versions(ChartReference.Repository repository) {
        URI indexUrl = URI.create(repository.url() + "/").resolve("index.yaml");
        String index = new String(
                get(indexUrl, MAX_INDEX_BYTES, new SignIn(repository.text(), ""), Optional.empty()),
                StandardCharsets.UTF_8);
        List<Object> documents;
        try {
            documents = Yaml.load(index, Yaml.settings("index.yaml").build(), "index.yaml");
        } catch (org.snakeyaml.engine.v2.exceptions.YamlEngineException e) {
            throw listing(repository.text(), "its index.yaml is not valid YAML");
        }
        if (documents.isEmpty()
                || !(documents.getFirst() instanceof Map<?, ?> root)
                || !(root.get("entries") instanceof Map<?, ?> entries)) {
            throw listing(repository.text(), "its index.yaml has no entries");
        }
        if (!(entries.get(repository.name()) instanceof List<?> listed)) {
            throw listing(repository.text(), "the repository has no chart of that name");
        }
        List<String> versions = new ArrayList<>();
        for (Object candidate : listed) {
            if (candidate instanceof Map<?, ?> map && map.get("version") != null) {
                versions.add(String.valueOf(map.get("version")));
            }
        }
        return List.copyOf(versions);
    }

    /**
     * The tags of an OCI repository, as chart versions: helm pushes {@code 1.0.0+build} as {@code 1.0.0_build}, so
     * {@code _} reads as {@code +}. Follows the registry's {@code Link} pages.
     */
    List<String> versions(ChartReference.Oci oci) {
        String host = oci.host();
        boolean loopback = host.startsWith("127.0.0.1") || host.startsWith("localhost") || host.startsWith("[::1]");
        URI base = URI.create((loopback ? "http://" : "https://") + host);
        SignIn signIn = new SignIn(oci.text(), "repository:" + oci.path() + ":pull");
        List<String> versions = new ArrayList<>();
        String next = "/v2/" + oci.path() + "/tags/list";
        for (int page = 0; page < MAX_TAG_PAGES && !next.isEmpty(); page++) {
            Page answer = getPage(base.resolve(next), signIn);
            com.fasterxml.jackson.databind.JsonNode list;
            try {
                list = io.trebuchet.core.Json.mapper().readTree(answer.body());
            } catch (IOException e) {
                throw listing(oci.text(), "its tag list is not JSON");
            }
            for (com.fasterxml.jackson.databind.JsonNode tag : list.path("tags")) {
                versions.add(tag.asText().replace('_', '+'));
            }
            next = answer.next();
        }
        return List.copyOf(versions);
    }

    /** Pages of a tag list read per scan; a registry paging by a hundred answers 10,000 tags. */
    private static final int MAX_TAG_PAGES = 100;

    @SuppressWarnings("ArrayRecordComponent") // read once, right after it is made
    private record Page(byte[] body, String next) {}

    private Page getPage(URI url, SignIn signIn) {
        return answer(url, MAX_INDEX_BYTES, signIn, Optional.of("application/json"));
    }

    private static TrebuchetException listing(String chart, String reason) {
        return new TrebuchetException(
                ErrorCode.CHART_NOT_FOUND,
                "the versions of chart %s cannot be listed: %s".formatted(chart, reason),
                Map.of("chart", chart));
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

    /**
     * How one fetch signs in, per host: with the host's {@link ChartCredentials} as basic authentication from the first
     * request (as helm does), and with a bearer token when a registry's challenge asks for one: the token service
     * (which must be a chart source too) is asked for {@code scope} with the registry's credentials, or anonymously
     * (public charts on ghcr.io). A redirect to another host gets that host's sign-in, never this one's.
     */
    private final class SignIn {
        private final String chart;
        private final String scope;
        private final Map<String, String> tokens = new HashMap<>();

        SignIn(String chart, String scope) {
            this.chart = chart;
            this.scope = scope;
        }

        Optional<String> authorization(URI url) {
            return Optional.ofNullable(tokens.get(hostKey(url)))
                    .or(() -> sources.credentials(url).map(credentials -> credentials.basicHeader(hostKey(url))));
        }

        /** Signs in as the 401 answer from {@code url} asks, or refuses the fetch when that cannot succeed. */
        void answer(URI url, HttpHeaders headers) throws IOException, InterruptedException {
            String host = hostKey(url);
            RegistryChallenge challenge = RegistryChallenge.parse(
                    headers.firstValue("WWW-Authenticate").orElse(""));
            boolean configured = sources.credentials(url).isPresent();
            switch (challenge.scheme()) {
                case "bearer" -> {
                    if (tokens.containsKey(host)) {
                        throw refused(host, "refused the token its token service granted");
                    }
                    URI tokenUri = challenge
                            .tokenUri(scope)
                            .orElseThrow(() -> refused(host, "sent a bearer challenge without a token service URL"));
                    tokens.put(host, "Bearer " + token(url, tokenUri));
                }
                case "basic" ->
                    throw refused(
                            host,
                            configured
                                    ? "refused the configured credentials"
                                    : "asks for a user name and password; give them with serve --chart-credentials");
                default -> throw refused(host, "refused the request without a challenge Trebuchet knows");
            }
        }

        private String token(URI registry, URI tokenUri) throws IOException, InterruptedException {
            sources.check(tokenUri, chart);
            HttpRequest.Builder builder =
                    HttpRequest.newBuilder(tokenUri).timeout(TIMEOUT).GET().header("Accept", "application/json");
            sources.credentials(registry)
                    .ifPresent(
                            credentials -> builder.header("Authorization", credentials.basicHeader(hostKey(registry))));
            // A token service (auth.docker.io) shares its registry's budget, as in image automation.
            Answer response = exchange(hostKey(registry), builder.build(), MAX_TOKEN_BYTES);
            if (response.status() != 200) {
                throw refused(
                        hostKey(registry),
                        "its token service %s refused a token (HTTP %d)"
                                .formatted(hostKey(tokenUri), response.status()));
            }
            byte[] bytes = response.body();
            com.fasterxml.jackson.databind.JsonNode answer;
            try {
                answer = io.trebuchet.core.Json.mapper().readTree(bytes);
            } catch (IOException e) {
                throw refused(hostKey(registry), "its token service answered no JSON");
            }
            String token =
                    answer.path("token").asText(answer.path("access_token").asText(""));
            if (bytes.length > MAX_TOKEN_BYTES || token.isEmpty() || !token.matches("[\\x21-\\x7e]+")) {
                throw refused(hostKey(registry), "its token service answered without a usable token");
            }
            return token;
        }

        private TrebuchetException refused(String host, String reason) {
            return new TrebuchetException(
                    ErrorCode.CHART_NOT_FOUND,
                    "%s cannot be fetched: %s %s".formatted(chart, host, reason),
                    Map.of("chart", chart, "host", host));
        }
    }

    /** The target of a {@code Link: </v2/...?last=x>; rel="next"} header. */
    private static String linkTarget(String header) {
        int open = header.indexOf('<');
        int close = header.indexOf('>');
        return open >= 0 && close > open ? header.substring(open + 1, close) : "";
    }

    private static String hostKey(URI url) {
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        return url.getPort() < 0 ? host : host + ":" + url.getPort();
    }

    private byte[] get(URI first, int limit, SignIn signIn, Optional<String> accept) {
        return answer(first, limit, signIn, accept).body();
    }

    /** The body of a 200 answer, and the path of the next page its {@code Link} header names (or empty). */
    private Page answer(URI first, int limit, SignIn signIn, Optional<String> accept) {
        String chart = signIn.chart;
        URI url = first;
        try {
            Answer response;
            for (int redirects = 0; ; redirects++) {
                sources.check(url, chart);
                response = send(url, signIn, accept, limit);
                if (response.status() == 401) {
                    signIn.answer(url, response.headers());
                    response = send(url, signIn, accept, limit);
                }
                Optional<String> location = response.headers().firstValue("Location");
                if (response.status() / 100 != 3 || location.isEmpty()) {
                    break;
                }
                if (redirects == MAX_REDIRECTS) {
                    throw new TrebuchetException(
                            ErrorCode.CHART_NOT_FOUND,
                            "%s redirected more than %d times from %s".formatted(chart, MAX_REDIRECTS, first),
                            Map.of("chart", chart));
                }
                try {
                    url = url.resolve(location.get());
                } catch (IllegalArgumentException e) {
                    throw new TrebuchetException(
                            ErrorCode.CHART_NOT_FOUND,
                            "%s redirected to '%s', which is not a URL".formatted(url, location.get()),
                            Map.of("chart", chart));
                }
            }
            String nextPage = response.headers()
                    .firstValue("Link")
                    .map(ChartFetcher::linkTarget)
                    .filter(target -> target.startsWith("/"))
                    .orElse("");
            if (response.status() != 200) {
                throw new TrebuchetException(
                        ErrorCode.CHART_NOT_FOUND,
                        "%s answered %d for %s".formatted(chart, response.status(), url),
                        Map.of("chart", chart, "status", response.status()));
            }
            if (response.body().length > limit) {
                throw new TrebuchetException(
                        ErrorCode.CHART_TOO_LARGE,
                        "%s is larger than %d bytes".formatted(url, limit),
                        Map.of("maximum", limit));
            }
            return new Page(response.body(), nextPage);
        } catch (IOException e) {
            throw new TrebuchetException(
                    ErrorCode.CHART_NOT_FOUND,
                    "cannot fetch %s for %s: %s".formatted(url, chart, e.getMessage()),
                    Map.of("chart", chart));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while fetching " + url, e));
        }
    }

    private Answer send(URI url, SignIn signIn, Optional<String> accept, int limit)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(url).timeout(TIMEOUT).GET();
        accept.ifPresent(type -> builder.header("Accept", type));
        signIn.authorization(url).ifPresent(header -> builder.header("Authorization", header));
        return exchange(hostKey(url), builder.build(), limit);
    }

    /** A status, the headers and at most one byte more of the body than the caller takes. */
    @SuppressWarnings("ArrayRecordComponent") // read once, right after it is made
    private record Answer(int status, HttpHeaders headers, byte[] body) {}

    /**
     * Sends {@code request} within {@code host}'s budget and reads the answer's body, at most {@code limit} + 1 bytes,
     * inside it: the budget's "at once" counts whole requests, bodies included.
     */
    private Answer exchange(String host, HttpRequest request, int limit) throws IOException, InterruptedException {
        try {
            return budgets.forHost(host).call(() -> {
                try {
                    HttpResponse<InputStream> response =
                            client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                    try (InputStream body = response.body()) {
                        // A redirect's or a challenge's body is not read: only its headers count.
                        byte[] bytes = response.statusCode() == 200 ? body.readNBytes(limit + 1) : new byte[0];
                        return new Answer(response.statusCode(), response.headers(), bytes);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static TrebuchetException notFound(String chart, ChartVersion version, String reason) {
        return new TrebuchetException(
                ErrorCode.CHART_NOT_FOUND,
                "chart %s %s cannot be fetched: %s".formatted(chart, version, reason),
                Map.of("chart", chart, "chartVersion", version.text()));
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
