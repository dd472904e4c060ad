package io.trebuchet.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.trebuchet.audit.EventKind;
import io.trebuchet.audit.EventPayload;
import io.trebuchet.core.StackName;
import io.trebuchet.core.Version;
import java.util.List;
import java.util.Optional;

/** Payloads for events that tests build by hand: the smallest valid one of each kind. */
public final class TestingEvents {
    private TestingEvents() {}

    public static EventPayload payload(EventKind kind) {
        return switch (kind) {
            case ENVIRONMENT_CREATED, ENVIRONMENT_UPDATED, ENVIRONMENT_DELETED ->
                new EventPayload.EnvironmentChanged(JsonNodeFactory.instance.objectNode(), Optional.empty());
            case APPLICATION_CREATED, APPLICATION_UPDATED -> EventPayload.ApplicationChanged.ofTeam(Optional.empty());
            case APPLICATION_DELETED -> new EventPayload.ApplicationDeleted(Optional.empty(), 0);
            case RELEASE_CREATED ->
                new EventPayload.ReleaseCreated(new Version(1), List.of(), Optional.empty(), Optional.empty());
            case DEPLOYED ->
                new EventPayload.Deployed(new Version(1), Optional.empty(), "manual", Optional.empty(), List.of());
            case REMOVED -> new EventPayload.Removed(new Version(1));
            case DEPLOYMENT_QUEUED -> new EventPayload.DeploymentQueued(new Version(1), "auto", List.of());
            case LOCK_CREATED, LOCK_UPDATED, LOCK_DELETED ->
                new EventPayload.LockChanged(
                        "environment",
                        "lock",
                        Optional.empty(),
                        Optional.empty(),
                        "a lock",
                        Optional.empty(),
                        Optional.empty());
            case RELEASE_TRAIN ->
                new EventPayload.ReleaseTrain(
                        "train",
                        "environment dev",
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        List.of(),
                        List.of(),
                        List.of(),
                        Optional.empty());
            case STACK_CREATED, STACK_UPDATED, STACK_DELETED ->
                new EventPayload.StackChanged(StackName.of("stack"), Optional.empty(), Optional.empty());
            case PLATFORM_VALUES_UPDATED ->
                new EventPayload.PlatformValuesUpdated(JsonNodeFactory.instance.objectNode());
            case EXPORT_DIVERGED -> new EventPayload.ExportDiverged(2, 1, "lost");
            case EXPORT_FORCED -> new EventPayload.ExportForced(2, 1, "0".repeat(40), "lost");
            case HOLD_PLACED, HOLD_RELEASED -> new EventPayload.HoldChanged(Version.of(3), "rolled back");
            case TOKEN_CREATED, TOKEN_REVOKED ->
                new EventPayload.TokenChanged("ci", List.of("developer"), Optional.empty(), Optional.empty());
        };
    }
}
