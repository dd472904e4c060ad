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
    PLATFORM_VALUES_UPDATED
}
