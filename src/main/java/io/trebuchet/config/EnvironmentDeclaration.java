package io.trebuchet.config;

import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.environment.EnvironmentConfig;
import java.util.Map;

/** One environment of a platform directory: its name and its config (Kuberpult's {@code config.json} format). */
public record EnvironmentDeclaration(EnvName name, EnvironmentConfig config) {
    public EnvironmentDeclaration {
        if (name == null) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_ENVIRONMENT_NAME, "environment name is missing", Map.of("field", "name"));
        }
        config = config == null ? EnvironmentConfig.empty() : config;
    }
}
