package io.trebuchet.audit;

/**
 * What an event records, and the record its payload is. The names are stable: clients filter on them and the export
 * switches on them.
 */
public enum EventKind {
    ENVIRONMENT_CREATED(EventPayload.EnvironmentChanged.class),
    ENVIRONMENT_UPDATED(EventPayload.EnvironmentChanged.class),
    ENVIRONMENT_DELETED(EventPayload.EnvironmentChanged.class),
    APPLICATION_CREATED(EventPayload.ApplicationChanged.class),
    APPLICATION_UPDATED(EventPayload.ApplicationChanged.class),
    APPLICATION_DELETED(EventPayload.ApplicationDeleted.class),
    RELEASE_CREATED(EventPayload.ReleaseCreated.class),
    DEPLOYED(EventPayload.Deployed.class),
    REMOVED(EventPayload.Removed.class),
    DEPLOYMENT_QUEUED(EventPayload.DeploymentQueued.class),
    LOCK_CREATED(EventPayload.LockChanged.class),
    LOCK_UPDATED(EventPayload.LockChanged.class),
    LOCK_DELETED(EventPayload.LockChanged.class),
    /** A person's rollback holds the application in the environment against automation. */
    HOLD_PLACED(EventPayload.HoldChanged.class),
    /** Automation may change the application there again: released by hand or ended by a newer manual deploy. */
    HOLD_RELEASED(EventPayload.HoldChanged.class),
    RELEASE_TRAIN(EventPayload.ReleaseTrain.class),
    STACK_CREATED(EventPayload.StackChanged.class),
    STACK_UPDATED(EventPayload.StackChanged.class),
    STACK_DELETED(EventPayload.StackChanged.class),
    PLATFORM_VALUES_UPDATED(EventPayload.PlatformValuesUpdated.class),
    /** The manifest repository (or the exporter's clone) holds events the store does not; their ids are skipped. */
    EXPORT_DIVERGED(EventPayload.ExportDiverged.class),
    /** An operator had the whole tree rendered over a halted export's repository. */
    EXPORT_FORCED(EventPayload.ExportForced.class),
    /** An administrator created an API token (its secret is in no event). */
    TOKEN_CREATED(EventPayload.TokenChanged.class),
    TOKEN_REVOKED(EventPayload.TokenChanged.class);

    private final Class<? extends EventPayload> payloadType;

    EventKind(Class<? extends EventPayload> payloadType) {
        this.payloadType = payloadType;
    }

    /** The record this kind of event carries. */
    public Class<? extends EventPayload> payloadType() {
        return payloadType;
    }
}
