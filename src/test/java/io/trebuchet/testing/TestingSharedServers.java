package io.trebuchet.testing;

import static java.util.Objects.requireNonNull;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One server per backend, shared by the cases of a test class that each check they changed nothing (refusals of bad
 * input): such a case needs no fresh server, and a server per case cost about 1.7 s each, hundreds of cases in all. A
 * case that changes something anyway fails its own check, and the ones after it fail theirs. Close it in
 * {@code @AfterAll}.
 */
public final class TestingSharedServers implements AutoCloseable {
    private final Consumer<TestingHttp> setUp;
    private final Map<Backend, TestingServer> servers = new EnumMap<>(Backend.class);

    /** {@code setUp} prepares each server once, after it starts (e.g. the environments the cases refer to). */
    public TestingSharedServers(Consumer<TestingHttp> setUp) {
        this.setUp = requireNonNull(setUp, "setUp is null");
    }

    /** The backend's server, started and prepared on first use. */
    public synchronized TestingHttp http(Backend backend, TestingDatabases databases) {
        TestingServer server = servers.get(backend);
        if (server == null) {
            server = TestingServer.start(backend, databases);
            servers.put(backend, server);
            setUp.accept(server.http());
        }
        return server.http();
    }

    @Override
    public synchronized void close() {
        servers.values().forEach(TestingServer::close);
        servers.clear();
    }
}
