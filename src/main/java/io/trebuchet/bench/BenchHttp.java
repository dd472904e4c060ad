package io.trebuchet.bench;

import static java.util.Objects.requireNonNull;

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
import java.util.List;
import java.util.Map;

/**
 * The bench's HTTP client: JSON, Kuberpult's multipart releases and pages, over HTTP/1.1 keep-alive connections
 * (one client shared by all the bench's threads). A request that fails is a failed bench; only "overloaded, come
 * back after Retry-After" (503 with that header) is waited out and sent again, as a well-behaved CI client does.
 */
final class BenchHttp {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final int MAX_OVERLOADED_RETRIES = 20;

    private final String baseUrl;
    private final HttpClient client;

    BenchHttp(String baseUrl) {
        this.baseUrl = requireNonNull(baseUrl, "baseUrl is null");
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    String baseUrl() {
        return baseUrl;
    }

    /** Whether {@code path} answers 200 now; false while nothing listens. */
    boolean answers(String path) {
        try {
            return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    JsonNode getJson(String path) {
        return json(send(request(path).GET().build()));
    }

    /** The body of a page or document, as text. */
    String getText(String path) {
        return send(request(path).GET().build());
    }

    JsonNode postJson(String path, Object body) {
        return json(send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                .build()));
    }

    JsonNode putJson(String path, Object body) {
        return json(send(request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                .build()));
    }

    JsonNode post(String path) {
        return json(send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build()));
    }

    /** Posts a multipart body built beforehand by {@link Multipart#body()}, so that building it is not timed. */
    JsonNode postMultipart(String path, byte[] body) {
        return json(send(request(path)
                .header("Content-Type", "multipart/form-data; boundary=" + Multipart.BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build()));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT);
    }

    private String send(HttpRequest request) {
        HttpResponse<String> response;
        int attempt = 0;
        try {
            while (true) {
                response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                var retryAfter = response.headers().firstValueAsLong("Retry-After");
                if (response.statusCode() != 503 || retryAfter.isEmpty() || ++attempt > MAX_OVERLOADED_RETRIES) {
                    break;
                }
                Thread.sleep(Duration.ofSeconds(Math.max(1, Math.min(retryAfter.getAsLong(), 30))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("%s %s failed".formatted(request.method(), request.uri()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("%s %s answered %d: %s"
                    .formatted(request.method(), request.uri(), response.statusCode(), response.body()));
        }
        return response.body();
    }

    private static JsonNode json(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the server's answer is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A multipart/form-data body as Kuberpult's CI scripts send it (built once, sent as bytes). */
    static final class Multipart {
        static final String BOUNDARY = "trebuchet-bench-boundary";

        private final List<Map.Entry<String, String>> fields = new ArrayList<>();
        private final List<Map.Entry<String, String>> files = new ArrayList<>();

        Multipart field(String name, String value) {
            fields.add(Map.entry(name, value));
            return this;
        }

        Multipart file(String name, String content) {
            files.add(Map.entry(name, content));
            return this;
        }

        byte[] body() {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (Map.Entry<String, String> field : fields) {
                write(
                        body,
                        "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
                                + field.getValue() + "\r\n");
            }
            for (Map.Entry<String, String> file : files) {
                write(
                        body,
                        "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + file.getKey()
                                + "\"; filename=\"manifest.yaml\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                                + file.getValue() + "\r\n");
            }
            write(body, "--" + BOUNDARY + "--\r\n");
            return body.toByteArray();
        }

        private static void write(ByteArrayOutputStream body, String text) {
            body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
