package io.trebuchet.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trebuchet.core.Backoff;
import io.trebuchet.core.Json;
import io.trebuchet.core.JsonTrees;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The HTTP client of the CLI: JSON and multipart requests to the Trebuchet API, answers read as JSON trees
 * ({@link JsonTrees}). It retries when the server cannot be reached or answers 5xx, never on 4xx (a refusal stays a
 * refusal), and turns an error response into a {@link CommandFailure} carrying the server's code and message.
 *
 * <p>Requests go through {@link HttpURLConnection}: {@code java.net.http} starts a selector thread and a chain of
 * futures that cost a CLI call a third of a second before its first byte. Only bodies from {@link #LARGE_BODY} on take
 * {@code java.net.http}, the one JDK client that asks to continue first and still reads a refusal's body.
 */
final class TrebuchetClient {
    /** Bodies from this size on ask to continue first, as curl's do. */
    private static final long LARGE_BODY = 1024 * 1024;

    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(4));
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);
    private static final byte[] NO_BODY = new byte[0];

    private final ClientSettings settings;

    TrebuchetClient(ClientSettings settings) {
        this.settings = requireNonNull(settings, "settings is null");
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
        return send(new Request("GET", path, NO_BODY, Optional.empty()));
    }

    JsonNode delete(String path) {
        return send(new Request("DELETE", path, NO_BODY, Optional.empty()));
    }

    /** A POST without a body, for actions named by their path alone. */
    JsonNode post(String path) {
        return send(new Request("POST", path, NO_BODY, Optional.empty()));
    }

    JsonNode postJson(String path, Object body) {
        return send(new Request("POST", path, json(body), Optional.of("application/json")));
    }

    JsonNode putJson(String path, Object body) {
        return send(new Request("PUT", path, json(body), Optional.of("application/json")));
    }

    JsonNode postMultipart(String path, Multipart form) {
        return send(
                new Request("POST", path, form.body(), Optional.of("multipart/form-data; boundary=" + form.boundary)));
    }

    /** A tree as it is; anything else (a request record, a map) through the mapper. */
    private static byte[] json(Object body) {
        String text = body instanceof JsonNode tree ? JsonTrees.compact(tree) : Json.write(body);
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode send(Request request) {
        int attempts = settings.retries() + 1;
        for (int attempt = 1; ; attempt++) {
            Answer answer;
            try {
                answer = request.body().length >= LARGE_BODY
                        ? LargeUpload.exchange(settings, request)
                        : exchange(request);
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
            }
            if (answer.status() >= 500 && attempt < attempts) {
                Duration backOff = BACKOFF.after(attempt);
                pause(answer.retryAfter().orElse(backOff));
                continue;
            }
            if (answer.status() >= 200 && answer.status() < 300) {
                return parse(answer.body()).orElse(MissingNode.getInstance());
            }
            throw refusal(answer.status(), answer.body());
        }
    }

    private Answer exchange(Request request) throws IOException {
        HttpURLConnection connection = (HttpURLConnection)
                URI.create(settings.url() + request.path()).toURL().openConnection();
        int timeout =
                (int) Math.min(Integer.MAX_VALUE, Math.max(1, settings.timeout().toMillis()));
        connection.setConnectTimeout(timeout);
        connection.setReadTimeout(timeout);
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setRequestMethod(request.method());
        headers(settings, request).forEach(connection::setRequestProperty);
        // Only a body to send: an output stream makes HttpURLConnection add a form content type of its own.
        if (request.body().length > 0) {
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(request.body().length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(request.body());
            }
        }
        int status = connection.getResponseCode();
        // Read to the end and closed, the connection goes back to the JDK's keep-alive cache for the next request.
        try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Answer(status, body, retryAfter(Optional.ofNullable(connection.getHeaderField("Retry-After"))));
        }
    }

    /** The request's headers, the same for both transports. */
    private static Map<String, String> headers(ClientSettings settings, Request request) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        headers.put("User-Agent", "trebuchet-cli");
        request.contentType().ifPresent(type -> headers.put("Content-Type", type));
        settings.token().ifPresent(token -> headers.put("Authorization", "Bearer " + token));
        settings.authorName().ifPresent(name -> headers.put("author-name", base64(name)));
        settings.authorEmail().ifPresent(email -> headers.put("author-email", base64(email)));
        settings.clientUuid().ifPresent(uuid -> headers.put("client-uuid", uuid));
        return headers;
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
        ObjectNode synthesized = JsonTrees.object();
        synthesized.put("code", "HTTP_" + status);
        synthesized.put("message", firstLine.isEmpty() ? "the server answered " + status : firstLine);
        synthesized.putObject("details").put("status", status);
        return CommandFailure.refused(
                synthesized.path("code").asText(), synthesized.path("message").asText(), synthesized);
    }

    private static Optional<JsonNode> parse(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JsonTrees.read(body));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private String describe(IOException error) {
        if (error instanceof SocketTimeoutException) {
            long millis = settings.timeout().toMillis();
            String limit = millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
            return "no answer within %s; --timeout gives it longer".formatted(limit);
        }
        String message = error.getMessage();
        String type = error.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + ": " + message;
    }

    /** An overloaded server says when to come back ({@code Retry-After} in seconds), within reason. */
    static Optional<Duration> retryAfter(Optional<String> header) {
        return header.flatMap(value -> {
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

    /** One request: its body is sent as it is, with its content type. */
    @SuppressWarnings("ArrayRecordComponent") // Private, built and read only here.
    private record Request(String method, String path, byte[] body, Optional<String> contentType) {}

    /** What the server answered. */
    private record Answer(int status, String body, Optional<Duration> retryAfter) {}

    /**
     * Uploads from {@link #LARGE_BODY} on, through {@code java.net.http}: it sends {@code Expect: 100-continue} and
     * waits, so that a body the server refuses by its length alone (413) is not sent, and its answer is read instead of
     * a connection reset by the server's close. {@link HttpURLConnection} asks too, but loses the refusal's body.
     */
    private static final class LargeUpload {
        private LargeUpload() {}

        static Answer exchange(ClientSettings settings, Request request) throws IOException {
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(settings.timeout())
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .version(HttpClient.Version.HTTP_1_1)
                    .build();
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(settings.url() + request.path()))
                    .timeout(settings.timeout())
                    .expectContinue(true)
                    .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
            headers(settings, request).forEach(builder::header);
            try {
                HttpResponse<String> response =
                        http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                return new Answer(
                        response.statusCode(),
                        response.body(),
                        retryAfter(response.headers().firstValue("Retry-After")));
            } catch (HttpTimeoutException e) {
                throw (SocketTimeoutException) new SocketTimeoutException(e.getMessage()).initCause(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CommandFailure.unreachable("interrupted while waiting for " + settings.url(), e);
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
