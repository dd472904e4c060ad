package io.trebuchet.audit;

/** What an event records. The names are stable: clients filter on them and the export switches on them. */
public enum EventKind {
    ENVIRONMENT_CREATED,
    ENVIRONMENT_UPDATED,
    ENVIRONMENT_DELETED,
    APPLICATION_CREATED,
    APPLICATION_UPDATED,
    APPLICATION_DELETED,
    RELEASE_CREATED,
    DEPLOYED,
    REMOVED,
    DEPLOYMENT_QUEUED,
    LOCK_CREATED,
    LOCK_UPDATED,
    LOCK_DELETED,
    RELEASE_TRAIN,
    STACK_CREATED,
    STACK_UPDATED,
    STACK_DELETED,
    PLATFORM_VALUES_UPDATED,
    /** The manifest repository (or the exporter's clone) holds events the store does not; their ids are skipped. */
    EXPORT_DIVERGED,
    /** An operator had the whole tree rendered over a halted export's repository. */
    EXPORT_FORCED
}
