package io.trebuchet.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A classic chart repository on the loopback interface: {@code /charts/index.yaml} lists one chart archive, served
 * beside it; with {@code authorization}, every request without that header is answered 401 with a basic challenge.
 */
public final class TestingChartRepository implements AutoCloseable {
    private final HttpServer server;

    private TestingChartRepository(HttpServer server) {
        this.server = server;
    }

    public static TestingChartRepository serve(
            String name, String version, byte[] archive, Optional<String> authorization) {
        String file = name + "-" + version + ".tgz";
        byte[] index;
        try {
            index = """
                    apiVersion: v1
                    entries:
                      %s:
                        - name: %s
                          version: %s
                          digest: %s
                          urls: [%s]
                    """.formatted(
                            name,
                            name,
                            version,
                            HexFormat.of()
                                    .formatHex(
                                            MessageDigest.getInstance("SHA-256").digest(archive)),
                            file)
                    .getBytes(StandardCharsets.UTF_8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/charts/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                byte[] body =
                        path.equals("/charts/index.yaml") ? index : path.equals("/charts/" + file) ? archive : null;
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
            return new TestingChartRepository(server);
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
