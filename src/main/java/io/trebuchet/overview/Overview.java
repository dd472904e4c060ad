package io.trebuchet.overview;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.StackName;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.Version;
import io.trebuchet.deploy.Hold;
import io.trebuchet.deploy.QueuedVersion;
import io.trebuchet.environment.Upstream;
import io.trebuchet.freeze.Freeze;
import io.trebuchet.lock.LockView;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Which version of which application runs where, with environments in upstream order. */
public record Overview(long lastEventId, List<Group> environmentGroups, List<Application> applications) {
    public Overview {
        environmentGroups = List.copyOf(environmentGroups);
        applications = List.copyOf(applications);
    }

    public record Group(GroupName name, List<Environment> environments) {
        public Group {
            requireNonNull(name, "name is null");
            environments = List.copyOf(environments);
        }
    }

    /**
     * An environment column: its upstream, its environment and team locks (in any state), the freeze that stops
     * automation there now, and warnings about its own locks.
     */
    public record Environment(
            EnvName name,
            Optional<Upstream> upstream,
            List<LockView> locks,
            Optional<Freeze> freeze,
            List<Warning> warnings) {
        public Environment {
            requireNonNull(name, "name is null");
            requireNonNull(upstream, "upstream is null");
            locks = List.copyOf(locks);
            requireNonNull(freeze, "freeze is null");
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * An application row: what runs in each environment ({@code environments}), versions queued behind locks,
     * the application and team locks that cover it per environment, warnings per environment, and the environments
     * where a person's rollback holds it against automation.
     */
    public record Application(
            AppName name,
            Optional<TeamName> team,
            Optional<StackName> stack,
            Optional<Version> latestVersion,
            Map<EnvName, Cell> environments,
            Map<EnvName, QueuedVersion> queued,
            Map<EnvName, List<LockView>> locks,
            Map<EnvName, List<Warning>> warnings,
            Map<EnvName, Hold> holds) {
        public Application {
            requireNonNull(name, "name is null");
            requireNonNull(team, "team is null");
            requireNonNull(stack, "stack is null");
            requireNonNull(latestVersion, "latestVersion is null");
            environments = Collections.unmodifiableMap(new TreeMap<>(environments));
            queued = Collections.unmodifiableMap(new TreeMap<>(queued));
            locks = Collections.unmodifiableMap(new TreeMap<>(locks));
            warnings = Collections.unmodifiableMap(new TreeMap<>(warnings));
            holds = Collections.unmodifiableMap(new TreeMap<>(holds));
        }

        /** A row where nothing is held. */
        public Application(
                AppName name,
                Optional<TeamName> team,
                Optional<StackName> stack,
                Optional<Version> latestVersion,
                Map<EnvName, Cell> environments,
                Map<EnvName, QueuedVersion> queued,
                Map<EnvName, List<LockView>> locks,
                Map<EnvName, List<Warning>> warnings) {
            this(name, team, stack, latestVersion, environments, queued, locks, warnings, Map.of());
        }
    }

    /** What runs in one environment: the version, its display version, and who deployed it when and why. */
    public record Cell(
            Version version, Optional<String> displayVersion, Instant deployedAt, Actor deployedBy, String reason) {
        public Cell {
            requireNonNull(version, "version is null");
            requireNonNull(displayVersion, "displayVersion is null");
            requireNonNull(deployedAt, "deployedAt is null");
            requireNonNull(deployedBy, "deployedBy is null");
            requireNonNull(reason, "reason is null");
        }
    }
}
