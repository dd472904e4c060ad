package io.trebuchet.environment;

import static io.trebuchet.environment.ConfigChecks.invalid;
import static io.trebuchet.environment.ConfigChecks.optional;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.trebuchet.core.EnvName;
import java.util.Optional;

/**
 * Where an environment takes its versions from: exactly one of {@code latest: true} (every new release is deployed at
 * once) or {@code environment: <name>} (release trains copy that environment's versions).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Upstream(Optional<Boolean> latest, Optional<EnvName> environment) {
    public Upstream {
        latest = optional(latest);
        environment = optional(environment);
        if (latest.isPresent() && environment.isPresent()) {
            throw invalid("upstream", "must have exactly one of 'latest' and 'environment', not both");
        }
        if (latest.isEmpty() && environment.isEmpty()) {
            throw invalid("upstream", "must have exactly one of 'latest: true' and 'environment: <name>'");
        }
        if (latest.isPresent() && !latest.get()) {
            throw invalid("upstream.latest", "can only be true; to follow another environment set 'environment'");
        }
    }

    public static Upstream ofLatest() {
        return new Upstream(Optional.of(true), Optional.empty());
    }

    public static Upstream of(EnvName environment) {
        return new Upstream(Optional.empty(), Optional.of(environment));
    }

    @JsonIgnore
    public boolean isLatest() {
        return latest.isPresent();
    }
}
