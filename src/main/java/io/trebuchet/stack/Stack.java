package io.trebuchet.stack;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.AppName;
import io.trebuchet.core.StackName;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A stack, its description, its layer of values, and its member applications. */
public record Stack(
        StackName name,
        Optional<String> description,
        Map<String, Object> values,
        List<AppName> applications,
        Instant createdAt,
        Instant updatedAt) {
    public Stack {
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        values = Map.copyOf(values);
        applications = List.copyOf(applications);
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}
