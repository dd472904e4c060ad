package io.trebuchet.config;

import io.trebuchet.core.AppName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.TrebuchetException;
import java.util.Map;
import java.util.Optional;

/** One application of a platform directory: its name and its team. */
public record ApplicationDeclaration(AppName name, Optional<TeamName> team) {
    public ApplicationDeclaration {
        if (name == null) {
            throw new TrebuchetException(
                    ErrorCode.INVALID_APPLICATION_NAME, "application name is missing", Map.of("field", "name"));
        }
        team = team == null ? Optional.empty() : team;
    }
}
