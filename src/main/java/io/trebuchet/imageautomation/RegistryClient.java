package io.trebuchet.imageautomation;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.core.Backoff;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.Json;
import io.trebuchet.core.TrebuchetException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Docker registry HTTP API v2 / OCI distribution API, as much as image automation needs: the tags of a
 * repository (every page, following {@code Link} headers; {@code If-None-Match} when a list fit on one page) and the
 * digest of a tag's manifest (a {@code HEAD}, which Docker Hub does not count as a pull). Signs in as the registry's
 * challenge asks: basic, or a bearer token from its token service (cached until it expires). Every request,
 * retries and token requests included, passes the host's {@link RequestBudget}; 429 and 503 are retried after
 * {@code Retry-After}, or the {@link Backoff} when the registry does not say.
 */
public final class RegistryClient {
    private static final Logger log = LoggerFactory.getLogger(RegistryClient.class);
    static final List<String> MANIFEST_TYPES = List.of(
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");
    private static final Pattern LINK_NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");
    /** Registries log it: their operators see who asks. */
    public static final String USER_AGENT = "trebuchet-image-automation";

    private static final Duration TOKEN_LIFETIME = Duration.ofSeconds(60);
    private static final Duration LONGEST_RETRY_AFTER = Duration.ofMinutes(5);

    private final HttpClient http;
    private final RegistryBudgets budgets;
    private final Settings settings;
    private final Clock clock;
    private final RequestBudget.Pause pause;
    private final Map<String, Authorization> authorizations = new ConcurrentHashMap<>();

    /** Page size of tag lists, retries of 429/503 and their backoff, the longest tag list accepted. */
    public record Settings(int pageSize, int retries, Backoff backoff, int maxTags, Duration timeout) {
        public static final Settings DEFAULT = new Settings(
                100, 4, new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1)), 100_000, Duration.ofSeconds(30));

        public Settings {
            requireNonNull(backoff, "backoff is null");
            requireNonNull(timeout, "timeout is null");
            if (pageSize < 1 || pageSize > 10_000 || retries < 0 || maxTags < 1) {
                throw new IllegalArgumentException("page size 1..10000, retries >= 0, maxTags >= 1");
            }
        }
    }

    private record Authorization(String header, Instant expires) {}

    public RegistryClient(
            HttpClient http, RegistryBudgets budgets, Settings settings, Clock clock, RequestBudget.Pause pause) {
        this.http = requireNonNull(http, "http is null");
        this.budgets = requireNonNull(budgets, "budgets is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.pause = requireNonNull(pause, "pause is null");
    }

    /** The server's client: the default settings, within the server's request budgets. */
    public static RegistryClient standard(Clock clock, RegistryBudgets budgets) {
        return new RegistryClient(newHttpClient(), budgets, Settings.DEFAULT, clock, RequestBudget.Pause.REAL);
    }

    public static HttpClient newHttpClient() {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** Every tag of the image; unchanged when {@code etag} is the list's and the registry says so. */
    public TagListing tags(ImageReference image, RegistryCredentials credentials, Optional<String> etag) {
        URI next = image.registry().resolve("/v2/" + image.repository() + "/tags/list?n=" + settings.pageSize());
        List<String> tags = new ArrayList<>();
        int pages = 0;
        Optional<String> firstEtag = Optional.empty();
        while (next != null) {
            HttpRequest.Builder request = HttpRequest.newBuilder(next).GET().header("Accept", "application/json");
            if (pages == 0 && etag.isPresent()) {
                request.header("If-None-Match", etag.get());
            }
            HttpResponse<byte[]> response = send(image, credentials, request);
            if (response.statusCode() == 304 && pages == 0 && etag.isPresent()) {
                return new TagListing.Unchanged(etag.get());
            }
            expect(image, response, 200, "list its tags");
            pages++;
            if (pages == 1) {
                firstEtag = response.headers().firstValue("ETag");
            }
            JsonNode body = json(image, response);
            JsonNode page = body.path("tags");
            if (!page.isArray() && !page.isNull() && !page.isMissingNode()) {
                throw error(image, response.statusCode(), "answered a tag list without a list of tags");
            }
            for (JsonNode tag : page) {
                tags.add(tag.asText());
            }
            if (tags.size() > settings.maxTags()) {
                throw error(
                        image,
                        response.statusCode(),
                        "has more than %d tags; image automation reads at most that many"
                                .formatted(settings.maxTags()));
            }
            next = nextPage(image, response).orElse(null);
        }
        return new TagListing.Listed(tags, pages == 1 ? firstEtag : Optional.empty(), pages);
    }

    /** The digest of the manifest (or index) the tag names, e.g. {@code sha256:…}. */
    public String digest(ImageReference image, String tag, RegistryCredentials credentials) {
        URI uri = image.registry().resolve("/v2/" + image.repository() + "/manifests/" + tag);
        HttpResponse<byte[]> head = send(
                image,
                credentials,
                HttpRequest.newBuilder(uri)
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .header("Accept", String.join(", ", MANIFEST_TYPES)));
        expect(image, head, 200, "read the manifest of tag " + tag);
        Optional<String> digest = head.headers().firstValue("Docker-Content-Digest");
        if (digest.isPresent() && DIGEST.matcher(digest.get()).matches()) {
            return digest.get();
        }
        // Registries need not send the header; the digest is the SHA-256 of the manifest's bytes.
        HttpResponse<byte[]> get = send(
                image,
                credentials,
                HttpRequest.newBuilder(uri).GET().header("Accept", String.join(", ", MANIFEST_TYPES)));
        expect(image, get, 200, "read the manifest of tag " + tag);
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(get.body()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    private HttpResponse<byte[]> send(
            ImageReference image, RegistryCredentials credentials, HttpRequest.Builder builder) {
        RequestBudget budget = budgets.forHost(image.host());
        String scope = "repository:" + image.repository() + ":pull";
        String key = image.host() + " " + scope;
        boolean signedIn = false;
        int failures = 0;
        builder.timeout(settings.timeout()).header("User-Agent", USER_AGENT);
        while (true) {
            Optional<Authorization> authorization = Optional.ofNullable(authorizations.get(key))
                    .filter(current -> current.expires().isAfter(clock.instant()));
            authorization.ifPresent(current -> builder.setHeader("Authorization", current.header()));
            HttpRequest request = builder.build();
            HttpResponse<byte[]> response = exchange(image, budget, request);
            int status = response.statusCode();
            if (status == 401 && !signedIn) {
                signedIn = true;
                authorizations.put(key, signIn(image, credentials, response, scope));
                continue;
            }
            if ((status == 429 || status == 503) && failures < settings.retries()) {
                failures++;
                Duration wait = retryAfter(response).orElse(settings.backoff().after(failures));
                log.info(
                        "Registry {} answered {} for {}; retrying in {} (attempt {})",
                        image.host(),
                        status,
                        image.repository(),
                        wait,
                        failures + 1);
                sleep(wait);
                continue;
            }
            return response;
        }
    }

    private Authorization signIn(
            ImageReference image, RegistryCredentials credentials, HttpResponse<byte[]> challenged, String scope) {
        RegistryChallenge challenge = RegistryChallenge.parse(
                challenged.headers().firstValue("WWW-Authenticate").orElse(""));
        String scheme = challenge.scheme();
        return switch (scheme) {
            case "basic" -> {
                if (credentials instanceof RegistryCredentials.Basic basic) {
                    yield new Authorization(basic.header(), Instant.MAX);
                }
                throw error(image, 401, "asks for a user name and password, and the image source has none");
            }
            case "bearer" -> token(image, credentials, challenge, scope);
            default ->
                throw error(
                        image,
                        401,
                        "refused the request without a challenge Trebuchet knows (%s)"
                                .formatted(scheme.isEmpty() ? "none" : scheme));
        };
    }

    private Authorization token(
            ImageReference image, RegistryCredentials credentials, RegistryChallenge challenge, String scope) {
        String realm = challenge.parameters().get("realm");
        if (realm == null) {
            throw error(image, 401, "sent a bearer challenge without a realm");
        }
        URI uri = challenge
                .tokenUri(scope)
                .orElseThrow(() -> error(image, 401, "names a token service that is not a URL: " + realm));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .GET()
                .timeout(settings.timeout())
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT);
        if (credentials instanceof RegistryCredentials.Basic basic) {
            request.header("Authorization", basic.header());
        }
        // The token service may be another host (auth.docker.io); it shares the registry's budget.
        HttpResponse<byte[]> response = exchange(image, budgets.forHost(image.host()), request.build());
        if (response.statusCode() != 200) {
            throw error(
                    image,
                    response.statusCode(),
                    "the token service %s refused a token (HTTP %d)".formatted(uri.getHost(), response.statusCode()));
        }
        JsonNode body = json(image, response);
        String token = body.path("token").asText(body.path("access_token").asText(""));
        if (token.isEmpty()) {
            throw error(image, 200, "the token service answered without a token");
        }
        long seconds = body.path("expires_in").asLong(TOKEN_LIFETIME.toSeconds());
        // Renew a little early, so a token does not expire between the check and the request.
        Instant expires = clock.instant().plusSeconds(Math.max(seconds - 5, 1));
        return new Authorization("Bearer " + token, expires);
    }

    private HttpResponse<byte[]> exchange(ImageReference image, RequestBudget budget, HttpRequest request) {
        try {
            return budget.call(() -> {
                try {
                    return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                } catch (IOException e) {
                    throw new TrebuchetException(
                            ErrorCode.REGISTRY_ERROR,
                            "cannot reach registry %s: %s".formatted(image.host(), e.toString()),
                            e);
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrebuchetException(
                    ErrorCode.REGISTRY_ERROR, "interrupted while asking registry " + image.host(), e);
        }
    }

    private Optional<URI> nextPage(ImageReference image, HttpResponse<byte[]> response) {
        for (String link : response.headers().allValues("Link")) {
            Matcher matcher = LINK_NEXT.matcher(link);
            if (matcher.find()) {
                URI next = response.uri().resolve(matcher.group(1));
                if (!next.getHost().equals(response.uri().getHost())
                        || next.getPort() != response.uri().getPort()) {
                    throw error(image, response.statusCode(), "links the next page of tags to another host");
                }
                return Optional.of(next);
            }
        }
        return Optional.empty();
    }

    private Optional<Duration> retryAfter(HttpResponse<byte[]> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            Duration wait;
            try {
                wait = Duration.ofSeconds(Long.parseLong(value.trim()));
            } catch (NumberFormatException notSeconds) {
                try {
                    wait = Duration.between(
                            clock.instant(),
                            ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                                    .toInstant());
                } catch (DateTimeParseException notDate) {
                    return Optional.empty();
                }
            }
            if (wait.isNegative()) {
                wait = Duration.ZERO;
            }
            return Optional.of(wait.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : wait);
        });
    }

    private void sleep(Duration wait) {
        try {
            pause.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrebuchetException(ErrorCode.REGISTRY_ERROR, "interrupted while waiting for a registry", e);
        }
    }

    private static void expect(ImageReference image, HttpResponse<byte[]> response, int status, String what) {
        if (response.statusCode() != status) {
            String reason = switch (response.statusCode()) {
                case 401 -> "refused the credentials";
                case 403 -> "forbids it";
                case 404 -> "does not have it";
                case 429 -> "kept answering 429 Too Many Requests";
                default -> "answered HTTP " + response.statusCode();
            };
            throw error(image, response.statusCode(), "cannot %s: the registry %s".formatted(what, reason));
        }
    }

    private static JsonNode json(ImageReference image, HttpResponse<byte[]> response) {
        try {
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw error(image, response.statusCode(), "answered something that is not JSON");
        }
    }

    private static TrebuchetException error(ImageReference image, int status, String problem) {
        return new TrebuchetException(
                ErrorCode.REGISTRY_ERROR,
                "image %s: %s".formatted(image, problem),
                Map.of("registry", image.host(), "repository", image.repository(), "status", status));
    }
}
