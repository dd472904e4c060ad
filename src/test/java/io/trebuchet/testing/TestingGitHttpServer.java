package io.trebuchet.testing;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * JGit's smart HTTP server (GitServlet) in Jetty on 127.0.0.1 and a free port, serving the bare repositories under a
 * directory behind HTTP basic authentication with one user and password.
 */
public final class TestingGitHttpServer implements AutoCloseable {
    private final Server server;
    private final int port;

    private TestingGitHttpServer(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    public static TestingGitHttpServer start(Path baseDirectory, String username, String password) {
        GitServlet git = new GitServlet();
        git.setRepositoryResolver((request, name) -> open(baseDirectory, name));
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addFilter(
                new FilterHolder(new BasicAuthentication(username, password)),
                "/*",
                EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(git), "/git/*");
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the git HTTP server", e);
        }
        return new TestingGitHttpServer(server, connector.getLocalPort());
    }

    private static Repository open(Path baseDirectory, String name) throws RepositoryNotFoundException {
        Path directory = baseDirectory.resolve(name).normalize();
        if (!directory.startsWith(baseDirectory)) {
            throw new RepositoryNotFoundException(name);
        }
        try {
            return new FileRepositoryBuilder()
                    .setGitDir(directory.toFile())
                    .setMustExist(true)
                    .build();
        } catch (IOException e) {
            throw new RepositoryNotFoundException(name, e);
        }
    }

    /** The URL of repository {@code name}, without credentials. */
    public String url(String name) {
        return "http://127.0.0.1:" + port + "/git/" + name;
    }

    /** The URL of repository {@code name} with credentials, for the git CLI. */
    public String url(String name, String username, String password) {
        return "http://" + username + ":" + password + "@127.0.0.1:" + port + "/git/" + name;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the git HTTP server", e);
        }
    }

    /** Basic authentication: the right user and password pass as the request's remote user; others get a 401. */
    private static final class BasicAuthentication implements Filter {
        private final String expected;
        private final String username;

        BasicAuthentication(String username, String password) {
            this.username = username;
            this.expected = "Basic "
                    + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest http = (HttpServletRequest) request;
            if (!expected.equals(http.getHeader("Authorization"))) {
                HttpServletResponse answer = (HttpServletResponse) response;
                answer.setHeader("WWW-Authenticate", "Basic realm=\"manifests\"");
                answer.sendError(HttpServletResponse.SC_UNAUTHORIZED);
                return;
            }
            chain.doFilter(
                    new HttpServletRequestWrapper(http) {
                        @Override
                        public String getRemoteUser() {
                            return username;
                        }
                    },
                    response);
        }
    }
}
