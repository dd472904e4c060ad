package io.trebuchet.train;

/** Why a train leaves an environment or an application where it is. Stable codes: clients match on them. */
public enum SkipCause {
    /** The environment has no upstream to take versions from. */
    NO_UPSTREAM,
    /** The upstream environment the config names does not exist. */
    UPSTREAM_MISSING,
    /** The environment was deleted while a group train ran. */
    ENVIRONMENT_DELETED,
    /** An environment lock stops automation there. */
    ENVIRONMENT_LOCKED,
    /** A freeze window stops automation there now. */
    FREEZE_WINDOW,
    /** The upstream runs no version of the application. */
    NO_VERSION_UPSTREAM,
    /** The environment runs that version already. */
    ALREADY_DEPLOYED,
    /** An application lock stops it. */
    APPLICATION_LOCKED,
    /** A lock on the application's team stops it. */
    TEAM_LOCKED,
    /** The upstream's release has no manifest for this environment. */
    NO_MANIFEST,
    /** The upstream's manifest for this environment breaks a policy the environment treats as an error. */
    POLICY_VIOLATION,
    /** The release was rendered from a pre-release chart version, which the environment does not allow. */
    PRERELEASE_CHART,

    /** A person's rollback holds the application in the environment. */
    HELD,

    /** The application is not in the train's team or stack. */
    NOT_IN_FILTER,
    /** The train is for a team and the application has none. */
    NO_TEAM
}
