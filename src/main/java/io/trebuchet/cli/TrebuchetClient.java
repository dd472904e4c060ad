package io.trebuchet.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.trebuchet.core.Backoff;
import io.trebuchet.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The HTTP client of the CLI: JSON and multipart requests to the Trebuchet API with the shared JSON mapper. It retries
 * when the server cannot be reached or answers 5xx, never on 4xx (a refusal stays a refusal), and turns an error
 * response into a {@link CommandFailure} carrying the server's code and message.
 */
final class TrebuchetClient {
    /** Bodies from this size on ask to continue first, as curl's do. */
    private static final long LARGE_BODY = 1024 * 1024;

    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(4));
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

    private final ClientSettings settings;
    private final HttpClient http;

    TrebuchetClient(ClientSettings settings) {
        this.settings = requireNonNull(settings, "settings is null");
        HttpClient.Builder builder =
                HttpClient.newBuilder().connectTimeout(settings.timeout()).followRedirects(HttpClient.Redirect.NEVER);
        if (settings.url().getScheme().equals("http")) {
            // Plain http never speaks TLS (redirects are not followed): a context that is never set up spares loading
            // the JDK's TLS provider and trust store, and HTTP/1.1 the h2c upgrade; a fifth of a client call's CPU.
            builder.sslContext(new PlainHttpOnly())
                    .sslParameters(new SSLParameters())
                    .version(HttpClient.Version.HTTP_1_1);
        }
        this.http = builder.build();
    }

    ClientSettings settings() {
        return settings;
    }

    /** A path from segments, each percent-encoded: {@code path("api", "v1", "environments", name)}. */
    static String path(String... segments) {
        StringBuilder path = new StringBuilder();
        for (String segment : segments) {
            path.append('/')
                    .append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return path.toString();
    }

    /** {@code path?a=1&b=2} with the present parameters, percent-encoded, in the given order. */
    static String query(String path, Map<String, Optional<String>> parameters) {
        String query = parameters.entrySet().stream()
                .filter(entry -> entry.getValue().isPresent())
                .map(entry -> entry.getKey() + "="
                        + URLEncoder.encode(entry.getValue().get(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return query.isEmpty() ? path : path + "?" + query;
    }

    JsonNode get(String path) {
        return send("GET", path, HttpRequest.BodyPublishers.noBody(), Optional.empty());
    }

    JsonNode delete(String path) {
        return send("DELETE", path, HttpRequest.BodyPublishers.noBody(), Optional.empty());
    }

    /** A POST without a body, for actions named by their path alone. */
    JsonNode post(String path) {
        return send("POST", path, HttpRequest.BodyPublishers.noBody(), Optional.empty());
    }

    JsonNode postJson(String path, Object body) {
        return send(
                "POST", path, HttpRequest.BodyPublishers.ofString(Json.write(body)), Optional.of("application/json"));
    }

    JsonNode putJson(String path, Object body) {
        return send(
                "PUT", path, HttpRequest.BodyPublishers.ofString(Json.write(body)), Optional.of("application/json"));
    }

    JsonNode postMultipart(String path, Multipart form) {
        return send(
                "POST",
                path,
                HttpRequest.BodyPublishers.ofByteArray(form.body()),
                Optional.of("multipart/form-data; boundary=" + form.boundary));
    }

    private JsonNode send(String method, String path, HttpRequest.BodyPublisher body, Optional<String> contentType) {
        HttpRequest request = request(method, path, body, contentType);
        int attempts = settings.retries() + 1;
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                if (attempt < attempts) {
                    pause(BACKOFF.after(attempt));
                    continue;
                }
                throw CommandFailure.unreachable(
                        "cannot reach %s (%s)%s%n%s"
                                .formatted(
                                        settings.url(),
                                        describe(e),
                                        attempts > 1 ? " after " + attempts + " attempts" : "",
                                        RefusalHints.unreachable(settings.url())),
                        e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CommandFailure.unreachable("interrupted while waiting for " + settings.url(), e);
            }
            int status = response.statusCode();
            if (status >= 500 && attempt < attempts) {
                Duration backOff = BACKOFF.after(attempt);
                pause(retryAfter(response).orElse(backOff));
                continue;
            }
            if (status >= 200 && status < 300) {
                return parse(response.body()).orElse(MissingNode.getInstance());
            }
            throw refusal(status, response.body());
        }
    }

    private HttpRequest request(
            String method, String path, HttpRequest.BodyPublisher body, Optional<String> contentType) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(settings.url() + path))
                .timeout(settings.timeout())
                .header("Accept", "application/json")
                .header("User-Agent", "trebuchet-cli")
                // As curl does with large uploads: a body the server refuses by its length alone (413) is not sent,
                // and its answer is read instead of a connection reset by the server's close.
                .expectContinue(body.contentLength() > LARGE_BODY)
                .method(method, body);
        contentType.ifPresent(type -> builder.header("Content-Type", type));
        settings.token().ifPresent(token -> builder.header("Authorization", "Bearer " + token));
        settings.authorName().ifPresent(name -> builder.header("author-name", base64(name)));
        settings.authorEmail().ifPresent(email -> builder.header("author-email", base64(email)));
        settings.clientUuid().ifPresent(uuid -> builder.header("client-uuid", uuid));
        return builder.build();
    }

    private static CommandFailure refusal(int status, String body) {
        Optional<JsonNode> json = parse(body);
        if (json.isPresent() && json.get().path("code").isTextual()) {
            return CommandFailure.refused(
                    json.get().path("code").asText(), json.get().path("message").asText(), json.get());
        }
        String text = body == null ? "" : body.strip();
        int newline = text.indexOf('\n');
        String firstLine = newline < 0 ? text : text.substring(0, newline);
        Map<String, Object> synthesized = new LinkedHashMap<>();
        synthesized.put("code", "HTTP_" + status);
        synthesized.put("message", firstLine.isEmpty() ? "the server answered " + status : firstLine);
        synthesized.put("details", Map.of("status", status));
        JsonNode node = Json.mapper().valueToTree(synthesized);
        return CommandFailure.refused(
                node.path("code").asText(), node.path("message").asText(), node);
    }

    private static Optional<JsonNode> parse(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readTree(body));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static String describe(IOException error) {
        String message = error.getMessage();
        String type = error.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + ": " + message;
    }

    /** An overloaded server says when to come back ({@code Retry-After} in seconds), within reason. */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                long seconds = Long.parseLong(value.trim());
                return seconds < 0
                        ? Optional.empty()
                        : Optional.of(Duration.ofSeconds(Math.min(seconds, MAX_RETRY_AFTER.toSeconds())));
            } catch (NumberFormatException e) {
                // An HTTP date: the exponential backoff is close enough.
                return Optional.empty();
            }
        });
    }

    private static void pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CommandFailure.unreachable("interrupted while waiting to retry", e);
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The TLS context of a client of an http:// URL: it has no provider and refuses to be used. */
    private static final class PlainHttpOnly extends SSLContext {
        PlainHttpOnly() {
            super(new Refusing(), null, "TLS");
        }

        private static final class Refusing extends SSLContextSpi {
            @Override
            protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random) {
                throw refused();
            }

            @Override
            protected SSLSocketFactory engineGetSocketFactory() {
                throw refused();
            }

            @Override
            protected SSLServerSocketFactory engineGetServerSocketFactory() {
                throw refused();
            }

            @Override
            protected SSLEngine engineCreateSSLEngine() {
                throw refused();
            }

            @Override
            protected SSLEngine engineCreateSSLEngine(String host, int port) {
                throw refused();
            }

            @Override
            protected SSLSessionContext engineGetServerSessionContext() {
                throw refused();
            }

            @Override
            protected SSLSessionContext engineGetClientSessionContext() {
                throw refused();
            }

            private static UnsupportedOperationException refused() {
                return new UnsupportedOperationException("this client talks plain http only");
            }
        }
    }

    /** A multipart/form-data body, as Kuberpult's release endpoint takes it. */
    static final class Multipart {
        private final String boundary = "trebuchet-" + UUID.randomUUID();
        private final List<Part> parts = new ArrayList<>();

        Multipart field(String name, String value) {
            parts.add(new Part(name, Optional.empty(), value.getBytes(StandardCharsets.UTF_8)));
            return this;
        }

        Multipart file(String name, String filename, String content) {
            parts.add(new Part(name, Optional.of(filename), content.getBytes(StandardCharsets.UTF_8)));
            return this;
        }

        /** A binary file part, such as a chart archive. */
        Multipart file(String name, String filename, byte[] content) {
            parts.add(new Part(name, Optional.of(filename), content.clone()));
            return this;
        }

        byte[] body() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Part part : parts) {
                write(
                        out,
                        "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + quoted(part.name()) + "\"");
                part.filename()
                        .ifPresent(filename -> write(
                                out,
                                "; filename=\"" + quoted(filename) + "\"\r\nContent-Type: application/octet-stream"));
                write(out, "\r\n\r\n");
                out.writeBytes(part.content());
                write(out, "\r\n");
            }
            write(out, "--" + boundary + "--\r\n");
            return out.toByteArray();
        }

        private static String quoted(String text) {
            return text.replace("\\", "\\\\")
                    .replace("\"", "\\\"")
                    .replace("\r", "")
                    .replace("\n", "");
        }

        private static void write(ByteArrayOutputStream out, String text) {
            out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        }

        @SuppressWarnings("ArrayRecordComponent") // Private, built and read only here.
        private record Part(String name, Optional<String> filename, byte[] content) {}
    }
}
