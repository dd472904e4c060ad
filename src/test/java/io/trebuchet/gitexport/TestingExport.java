package io.trebuchet.gitexport;

import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.testing.TestingHttp;
import io.trebuchet.testing.TestingWait;
import java.time.Duration;

/** Waits for the git export through its status endpoint. */
public final class TestingExport {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private TestingExport() {}

    /** Waits until the remote repository holds every event so far; returns the status then. */
    public static JsonNode awaitPushed(TestingHttp http) {
        long lastEventId = http.get("/api/v1/health").json().path("lastEventId").asLong();
        return TestingWait.until(
                "the export to reach event " + lastEventId,
                TIMEOUT,
                () -> http.get("/api/v1/export/status").json(),
                status -> status.path("cursorEventId").asLong() >= lastEventId);
    }

    static JsonNode status(TestingHttp http) {
        return http.get("/api/v1/export/status").json();
    }
}
