package io.trebuchet.imageautomation;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A hand-written registry for what distribution 2.8 does not do: it pages tag lists ({@code n}, {@code last} and a
 * {@code Link} header, as distribution 3 and Docker Hub do), sends an {@code ETag} and answers 304 to
 * {@code If-None-Match}, and answers 429 with {@code Retry-After} to the first requests when asked to. It records
 * every request with the time it arrived.
 */
final class TestingFakeRegistry implements AutoCloseable {
    private final HttpServer server;
    private final List<String> tags;
    private final AtomicInteger tooManyRequests = new AtomicInteger();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    record Request(String uri, long nanos, Map<String, String> headers) {}

    TestingFakeRegistry(List<String> tags) {
        this.tags = List.copyOf(tags);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v2/", this::answer);
        server.start();
    }

    /** The image reference of repository {@code app} here. */
    String image() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/app";
    }

    /** The next {@code count} requests get 429 with {@code Retry-After: 1}. */
    void answerTooManyRequests(int count) {
        tooManyRequests.set(count);
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders()
                    .forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values.getFirst()));
            requests.add(new Request(exchange.getRequestURI().toString(), System.nanoTime(), headers));
            if (tooManyRequests.getAndUpdate(left -> Math.max(left - 1, 0)) > 0) {
                exchange.getResponseHeaders().set("Retry-After", "1");
                exchange.sendResponseHeaders(429, -1);
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/v2/app/manifests/")
                    && exchange.getRequestMethod().equals("HEAD")
                    && tags.contains(path.substring("/v2/app/manifests/".length()))) {
                // A manifest's digest, as a HEAD answers it: a fixed function of the tag here.
                exchange.getResponseHeaders()
                        .set(
                                "Docker-Content-Digest",
                                "sha256:" + HexFormat.of().formatHex(sha256(path.getBytes(StandardCharsets.UTF_8))));
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            if (!path.equals("/v2/app/tags/list")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            Map<String, String> query = new LinkedHashMap<>();
            String raw = exchange.getRequestURI().getRawQuery();
            for (String pair : raw == null ? new String[0] : raw.split("&", -1)) {
                String[] parts = pair.split("=", 2);
                query.put(parts[0], parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
            }
            int n = Integer.parseInt(query.getOrDefault("n", "1000"));
            List<String> sorted = tags.stream().sorted().toList();
            List<String> after = sorted.stream()
                    .filter(tag -> !query.containsKey("last") || tag.compareTo(query.get("last")) > 0)
                    .toList();
            List<String> page = new ArrayList<>(after.subList(0, Math.min(n, after.size())));
            String etag = "\"" + Integer.toHexString(String.join(",", page).hashCode()) + "\"";
            if (etag.equals(headers.get("if-none-match"))) {
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            if (after.size() > page.size()) {
                exchange.getResponseHeaders()
                        .set("Link", "</v2/app/tags/list?last=" + page.getLast() + "&n=" + n + ">; rel=\"next\"");
            }
            exchange.getResponseHeaders().set("ETag", etag);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            byte[] body = ("{\"name\":\"app\",\"tags\":["
                            + page.stream().map(tag -> "\"" + tag + "\"").collect(Collectors.joining(","))
                            + "]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
