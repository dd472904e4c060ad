package io.trebuchet.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Another web site for browser tests: a tiny HTTP server on 127.0.0.1 and a free port of its own (the JDK's), serving
 * the HTML pages a test gives it, e.g. a page of an attacker that tries to drive Trebuchet. A browser reaches it under
 * any name that resolves to 127.0.0.1 ({@code localhost}, or one mapped with {@code --host-resolver-rules}), which
 * makes it another origin than the server under test.
 */
public final class TestingWebSite implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, String> pages = new ConcurrentHashMap<>();

    private TestingWebSite(HttpServer server) {
        this.server = server;
    }

    public static TestingWebSite start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            TestingWebSite site = new TestingWebSite(server);
            server.createContext("/", exchange -> {
                try (exchange) {
                    String page = site.pages.get(exchange.getRequestURI().getPath());
                    byte[] body = (page == null ? "no such page" : page).getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                    exchange.sendResponseHeaders(page == null ? 404 : 200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            });
            server.start();
            return site;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves {@code html} at {@code path}. */
    public TestingWebSite page(String path, String html) {
        pages.put(path, html);
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The URL of {@code path} under the host name {@code host}, which must resolve to 127.0.0.1 in the browser. */
    public String url(String host, String path) {
        return "http://" + host + ":" + port() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
