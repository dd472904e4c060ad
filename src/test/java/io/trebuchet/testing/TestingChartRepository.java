package io.trebuchet.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A classic chart repository on the loopback interface: {@code /charts/index.yaml} lists a chart's archives, served
 * beside it; with {@code authorization}, every request without that header is answered 401 with a basic challenge.
 * It records when each request arrived.
 */
public final class TestingChartRepository implements AutoCloseable {
    private final HttpServer server;
    private final List<Request> requests;

    /** A request's path and when it arrived ({@link System#nanoTime()}). */
    public record Request(String path, long nanos) {}

    private TestingChartRepository(HttpServer server, List<Request> requests) {
        this.server = server;
        this.requests = requests;
    }

    /** The requests so far, in the order they arrived. */
    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public static TestingChartRepository serve(
            String name, String version, byte[] archive, Optional<String> authorization) {
        return serve(name, Map.of(version, archive), authorization);
    }

    /** A repository listing several versions of one chart, each archive served beside the index. */
    public static TestingChartRepository serve(
            String name, Map<String, byte[]> versions, Optional<String> authorization) {
        StringBuilder entries = new StringBuilder("apiVersion: v1\nentries:\n  %s:\n".formatted(name));
        Map<String, byte[]> files = new TreeMap<>();
        try {
            for (Map.Entry<String, byte[]> version : new TreeMap<>(versions).entrySet()) {
                String file = name + "-" + version.getKey() + ".tgz";
                files.put("/charts/" + file, version.getValue());
                entries.append("    - name: %s\n      version: %s\n      digest: %s\n      urls: [%s]\n"
                        .formatted(
                                name,
                                version.getKey(),
                                HexFormat.of()
                                        .formatHex(MessageDigest.getInstance("SHA-256")
                                                .digest(version.getValue())),
                                file));
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        files.put("/charts/index.yaml", entries.toString().getBytes(StandardCharsets.UTF_8));
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            List<Request> requests = new ArrayList<>();
            server.createContext("/charts/", exchange -> {
                synchronized (requests) {
                    requests.add(new Request(exchange.getRequestURI().getPath(), System.nanoTime()));
                }
                byte[] body = files.get(exchange.getRequestURI().getPath());
                if (authorization.isPresent()
                        && !authorization
                                .get()
                                .equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"charts\"");
                    exchange.sendResponseHeaders(401, -1);
                } else if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
                exchange.close();
            });
            server.start();
            return new TestingChartRepository(server, requests);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository's URL on {@code host} ({@code 127.0.0.1} or {@code localhost}). */
    public String url(String host) {
        return "http://%s:%d/charts".formatted(host, server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
