package io.trebuchet.environment;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.GroupName;
import java.time.Instant;

/** An environment as stored: its name, its config, and when it was created and last changed. */
public record Environment(EnvName name, EnvironmentConfig config, Instant createdAt, Instant updatedAt) {
    public Environment {
        requireNonNull(name, "name is null");
        requireNonNull(config, "config is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    @JsonProperty("environmentGroup")
    public GroupName group() {
        return config.group(name);
    }
}
