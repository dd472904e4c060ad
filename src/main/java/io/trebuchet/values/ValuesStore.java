package io.trebuchet.values;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.Json;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/** SQL of the platform's default values: one row, read by every template render, changed under its row lock. */
final class ValuesStore {
    @SuppressWarnings("unchecked")
    Map<String, Object> platformValues(Handle handle) {
        String stored = handle.createQuery("select template_values from platform_values where id = 1")
                .mapTo(String.class)
                .one();
        return Collections.unmodifiableMap(
                new TreeMap<>(Json.read(stored, Map.class, ErrorCode.INTERNAL_ERROR, "stored platform values")));
    }

    /** Locks the row until the transaction ends, so that the same values put twice at once record one event. */
    void lockPlatformValues(Handle handle) {
        handle.createQuery("select id from platform_values where id = 1 for update")
                .mapTo(Integer.class)
                .one();
    }

    void putPlatformValues(Handle handle, Map<String, Object> values, Instant now) {
        handle.createUpdate("update platform_values set template_values = :values, updated_at = :now where id = 1")
                .bind("values", Json.write(values))
                .bind("now", now)
                .execute();
    }
}
