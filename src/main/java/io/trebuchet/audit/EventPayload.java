package io.trebuchet.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.StackName;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.Version;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an event says, one record per kind of event ({@link EventKind#payloadType()}). Events are stored, exported,
 * shown and sent as these records' JSON, written and read in one place ({@link EventLog}); the export, the UI and the
 * CLI read them as types. The records use the core value types and JSON trees only, so that every feature can write
 * them and the audit log depends on none. A field added later must be optional: old events do not have it. Fields are
 * written in name order, as the log always wrote them.
 */
@JsonPropertyOrder(alphabetic = true)
public sealed interface EventPayload {
    /** An environment created or deleted with {@code config}, or changed from {@code previousConfig} to it. */
    record EnvironmentChanged(JsonNode config, Optional<JsonNode> previousConfig) implements EventPayload {
        public EnvironmentChanged {
            requireNonNull(config, "config is null");
            previousConfig = tree(previousConfig);
        }
    }

    /** An application declared or changed (team, stack, whether it has a template), with what it was before. */
    record ApplicationChanged(
            Optional<TeamName> team,
            Optional<StackName> stack,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean template,
            Optional<TeamName> previousTeam,
            Optional<StackName> previousStack)
            implements EventPayload {
        public ApplicationChanged {
            team = optional(team);
            stack = optional(stack);
            previousTeam = optional(previousTeam);
            previousStack = optional(previousStack);
        }

        public static ApplicationChanged ofTeam(Optional<TeamName> team) {
            return new ApplicationChanged(team, Optional.empty(), false, Optional.empty(), Optional.empty());
        }
    }

    /** An application archived; its releases are kept. */
    record ApplicationDeleted(Optional<TeamName> team, long releasesKept) implements EventPayload {
        public ApplicationDeleted {
            team = optional(team);
        }
    }

    record ReleaseCreated(
            Version version,
            List<EnvName> environments,
            Optional<String> sourceCommitId,
            Optional<String> displayVersion)
            implements EventPayload {
        public ReleaseCreated {
            requireNonNull(version, "version is null");
            environments = list(environments);
            sourceCommitId = optional(sourceCommitId);
            displayVersion = optional(displayVersion);
        }
    }

    /**
     * A version deployed: {@code reason} is how (manual, auto, train...), {@code ignoredBlockers} what it went through
     * when deployed over locks or a freeze.
     */
    record Deployed(
            Version version,
            Optional<Version> previousVersion,
            String reason,
            Optional<String> trainId,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> ignoredBlockers)
            implements EventPayload {
        public Deployed {
            requireNonNull(version, "version is null");
            requireNonNull(reason, "reason is null");
            previousVersion = optional(previousVersion);
            trainId = optional(trainId);
            ignoredBlockers = list(ignoredBlockers);
        }
    }

    /** An application removed from an environment. */
    record Removed(Version previousVersion) implements EventPayload {
        public Removed {
            requireNonNull(previousVersion, "previousVersion is null");
        }
    }

    /** A version that automation wanted to deploy, held back by what {@code blockedBy} says. */
    record DeploymentQueued(Version version, String reason, List<String> blockedBy) implements EventPayload {
        public DeploymentQueued {
            requireNonNull(version, "version is null");
            requireNonNull(reason, "reason is null");
            blockedBy = list(blockedBy);
        }
    }

    /** A lock created, changed or deleted, as it was. */
    record LockChanged(
            String kind,
            String id,
            Optional<TeamName> team,
            Optional<GroupName> group,
            String message,
            Optional<Instant> expiresAt,
            Optional<JsonNode> schedule)
            implements EventPayload {
        public LockChanged {
            requireNonNull(kind, "kind is null");
            requireNonNull(id, "id is null");
            requireNonNull(message, "message is null");
            team = optional(team);
            group = optional(group);
            expiresAt = optional(expiresAt);
            schedule = tree(schedule);
        }
    }

    /**
     * A hold placed on an application in an environment (a person's rollback to {@code version}) or released (by hand,
     * or by a newer version deployed by hand); {@code reason} says which.
     */
    record HoldChanged(Version version, String reason) implements EventPayload {
        public HoldChanged {
            requireNonNull(version, "version is null");
            requireNonNull(reason, "reason is null");
        }
    }

    /** What a release train did in one environment. */
    record ReleaseTrain(
            String trainId,
            String target,
            Optional<TeamName> team,
            Optional<StackName> stack,
            Optional<String> upstream,
            Optional<String> skipped,
            Optional<String> message,
            List<TrainEntry> deployed,
            List<TrainEntry> queued,
            List<TrainEntry> skippedApplications,
            Optional<String> ciLink)
            implements EventPayload {
        public ReleaseTrain {
            requireNonNull(trainId, "trainId is null");
            requireNonNull(target, "target is null");
            team = optional(team);
            stack = optional(stack);
            upstream = optional(upstream);
            skipped = optional(skipped);
            message = optional(message);
            deployed = list(deployed);
            queued = list(queued);
            skippedApplications = list(skippedApplications);
            // Absent from the events of trains before CI links were recorded.
            ciLink = optional(ciLink);
        }
    }

    /** One application in a train's event: the version deployed, queued or skipped, and why when not deployed. */
    record TrainEntry(
            AppName application, Optional<Version> version, Optional<Version> previousVersion, Optional<String> cause) {
        public TrainEntry {
            requireNonNull(application, "application is null");
            version = optional(version);
            previousVersion = optional(previousVersion);
            cause = optional(cause);
        }
    }

    /** A stack created, changed or deleted. */
    record StackChanged(StackName stack, Optional<String> description, Optional<JsonNode> values)
            implements EventPayload {
        public StackChanged {
            requireNonNull(stack, "stack is null");
            description = optional(description);
            values = tree(values);
        }
    }

    record PlatformValuesUpdated(JsonNode values) implements EventPayload {
        public PlatformValuesUpdated {
            requireNonNull(values, "values is null");
        }
    }

    /** The manifest repository (or the exporter's clone) held events the store does not; their ids are skipped. */
    record ExportDiverged(long repositoryEventId, long storeEventId, String reason) implements EventPayload {
        public ExportDiverged {
            requireNonNull(reason, "reason is null");
        }
    }

    /** An API token created or revoked: its name, roles, teams and expiry; never its secret or hash. */
    record TokenChanged(String name, List<String> roles, Optional<List<String>> teams, Optional<Instant> expiresAt)
            implements EventPayload {
        public TokenChanged {
            requireNonNull(name, "name is null");
            roles = List.copyOf(roles);
            teams = optional(teams).map(List::copyOf);
            expiresAt = optional(expiresAt);
        }
    }

    /** An operator had the store's state rendered over a halted export's repository. */
    record ExportForced(long repositoryEventId, long storeEventId, String commit, String reason)
            implements EventPayload {
        public ExportForced {
            requireNonNull(commit, "commit is null");
            requireNonNull(reason, "reason is null");
        }
    }

    private static <T> Optional<T> optional(Optional<T> value) {
        return value == null ? Optional.empty() : value;
    }

    /** Jackson reads a missing tree as a JSON null inside the optional. */
    private static Optional<JsonNode> tree(Optional<JsonNode> value) {
        return optional(value).filter(node -> !node.isNull() && !node.isMissingNode());
    }

    private static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : List.copyOf(values);
    }
}
