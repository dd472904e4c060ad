package io.trebuchet.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A small HTTP client for tests: JSON and multipart requests, answers as status plus parsed body. */
public final class TestingHttp {
    private static final int LARGE_BODY = 16 * 1024;

    private final String baseUrl;
    private final Map<String, String> headers;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public TestingHttp(String baseUrl) {
        this(baseUrl, Map.of());
    }

    private TestingHttp(String baseUrl, Map<String, String> headers) {
        this.baseUrl = baseUrl;
        this.headers = Map.copyOf(headers);
    }

    /** The same server, sending {@code Authorization: Bearer token} with every request. */
    public TestingHttp withBearer(String token) {
        return new TestingHttp(baseUrl, Map.of("Authorization", "Bearer " + token));
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    /** A DELETE with a body, as Kuberpult's clients send a signature to delete a lock or an environment. */
    public Response deleteWithBody(String path, String contentType, String body) {
        return send(request(path)
                .header("Content-Type", contentType)
                .method("DELETE", HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response postJson(String path, String json) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response postJsonWithHeaders(String path, String json, Map<String, String> headers) {
        HttpRequest.Builder builder = request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(builder::header);
        return send(builder);
    }

    public Response putJsonWithHeaders(String path, String json, Map<String, String> headers) {
        HttpRequest.Builder builder =
                request(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(builder::header);
        return send(builder);
    }

    /** A PUT with the given content type, e.g. JSON labelled as a form the way {@code curl -d} sends it. */
    public Response postWithContentType(String path, String contentType, String body) {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response putWithContentType(String path, String contentType, String body) {
        return send(request(path).header("Content-Type", contentType).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response putMultipart(String path, Multipart form) {
        return send(request(path)
                .header("Content-Type", "multipart/form-data; boundary=" + form.boundary)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(form.body())));
    }

    /** A POST without a body, as trains and other commands take. */
    public Response post(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** A PUT without a body, as Kuberpult's release train endpoint takes. */
    public Response put(String path) {
        return send(request(path).PUT(HttpRequest.BodyPublishers.noBody()));
    }

    public Response putJson(String path, String json) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response postMultipart(String path, Multipart form) {
        return postMultipart(path, form, Map.of());
    }

    /**
     * Posts a form. Like curl with a large upload, it asks to continue first ({@code Expect: 100-continue}), so that
     * a form the server refuses by its length alone (413) is never sent: sent anyway, the server's close could reset
     * the connection before the answer is read.
     */
    public Response postMultipart(String path, Multipart form, Map<String, String> headers) {
        byte[] body = form.body();
        HttpRequest.Builder builder = request(path)
                .header("Content-Type", "multipart/form-data; boundary=" + form.boundary)
                .expectContinue(body.length > LARGE_BODY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(builder::header);
        return send(builder);
    }

    /** Kuberpult's author headers: base64 of name and email. */
    public static Map<String, String> author(String name, String email) {
        return Map.of(
                "author-name", Base64.getEncoder().encodeToString(name.getBytes(StandardCharsets.UTF_8)),
                "author-email", Base64.getEncoder().encodeToString(email.getBytes(StandardCharsets.UTF_8)));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
        headers.forEach(builder::header);
        return builder;
    }

    private Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An answer: its status and body. */
    public record Response(int status, String body) {
        public JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (JsonProcessingException e) {
                throw new AssertionError("response is not JSON (status " + status + "): " + body, e);
            }
        }

        public String code() {
            return json().path("code").asText();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** A multipart/form-data body, built field by field like curl's -F and --form-string. */
    public static final class Multipart {
        private final String boundary = "----trebuchet" + UUID.randomUUID();
        private final List<Part> parts = new ArrayList<>();

        public static Multipart form() {
            return new Multipart();
        }

        /** A plain field, like curl's --form-string. */
        public Multipart field(String name, String value) {
            parts.add(new Part(name, null, value.getBytes(StandardCharsets.UTF_8)));
            return this;
        }

        /** A file part, like curl's -F name=@file. */
        public Multipart file(String name, String filename, String content) {
            parts.add(new Part(name, filename, content.getBytes(StandardCharsets.UTF_8)));
            return this;
        }

        public Multipart bytes(String name, String filename, byte[] content) {
            parts.add(new Part(name, filename, content));
            return this;
        }

        byte[] body() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Part part : parts) {
                write(out, "--" + boundary + "\r\n");
                write(out, "Content-Disposition: form-data; name=\"" + part.name + "\"");
                if (part.filename != null) {
                    write(out, "; filename=\"" + part.filename + "\"\r\nContent-Type: application/octet-stream");
                }
                write(out, "\r\n\r\n");
                out.writeBytes(part.content);
                write(out, "\r\n");
            }
            write(out, "--" + boundary + "--\r\n");
            return out.toByteArray();
        }

        private static void write(ByteArrayOutputStream out, String text) {
            out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        }

        private static final class Part {
            final String name;
            final String filename;
            final byte[] content;

            Part(String name, String filename, byte[] content) {
                this.name = name;
                this.filename = filename;
                this.content = content.clone();
            }
        }
    }

    /** Builds a small JSON object for request bodies. */
    public static String json(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Json.write(map);
    }
}
