package io.trebuchet.auth;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a policy line may allow. The first ones are Kuberpult's, spelt as in its policy files; the rest are Trebuchet's
 * own operations. An action that does not depend on an environment is written with the environment {@code *} in a
 * policy ({@code <group>:*}), as Kuberpult requires for {@code CreateRelease} and the undeploy actions.
 */
public enum Action {
    CREATE_LOCK("CreateLock", Reach.ENVIRONMENT),
    DELETE_LOCK("DeleteLock", Reach.ENVIRONMENT),
    CREATE_RELEASE("CreateRelease", Reach.APPLICATION),
    DEPLOY_RELEASE("DeployRelease", Reach.ENVIRONMENT),
    CREATE_UNDEPLOY("CreateUndeploy", Reach.APPLICATION),
    DEPLOY_UNDEPLOY("DeployUndeploy", Reach.APPLICATION),
    CREATE_ENVIRONMENT("CreateEnvironment", Reach.ENVIRONMENT),
    DELETE_ENVIRONMENT("DeleteEnvironment", Reach.ENVIRONMENT),
    CREATE_ENVIRONMENT_APPLICATION("CreateEnvironmentApplication", Reach.APPLICATION),
    DELETE_ENVIRONMENT_APPLICATION("DeleteEnvironmentApplication", Reach.ENVIRONMENT),
    DEPLOY_RELEASE_TRAIN("DeployReleaseTrain", Reach.ENVIRONMENT),
    /** Kuberpult's export-service actions: accepted in a policy, nothing in Trebuchet needs them. */
    SKIP_ESL_EVENT("SkipEslEvent", Reach.GLOBAL),
    RETRY_FAILED_EVENT("RetryFailedEvent", Reach.GLOBAL),

    /** {@code trebuchet apply}: platform configuration as code (environments, applications, stacks, values). */
    APPLY_PLATFORM_CONFIG("ApplyPlatformConfig", Reach.GLOBAL),
    /** Re-render the manifest repository from the store. */
    RERENDER("Rerender", Reach.GLOBAL),
    /** Create, list and revoke API tokens. */
    MANAGE_TOKENS("ManageTokens", Reach.GLOBAL),
    /** Define, change and delete stacks. */
    MANAGE_STACKS("ManageStacks", Reach.GLOBAL),
    /** Change the platform's values (the lowest layer of template values). */
    CHANGE_VALUES("ChangeValues", Reach.GLOBAL),
    /**
     * Tell image automation and chart subscriptions a registry received a push ({@code POST
     * /api/v1/image-sources/notifications}): the one thing a registry's token needs, so that it can do nothing else.
     */
    NOTIFY_IMAGE_PUSH("NotifyImagePush", Reach.GLOBAL);

    /** What an action is about, which decides the environment a policy line must name. */
    public enum Reach {
        /** An environment (or a group) and possibly an application in it: {@code group:env}. */
        ENVIRONMENT,
        /** An application in no particular environment: {@code group:*}. */
        APPLICATION,
        /** The whole installation: {@code *:*} and application {@code *}. */
        GLOBAL
    }

    private static final Map<String, Action> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Action::policyName, action -> action));

    private final String policyName;
    private final Reach reach;

    Action(String policyName, Reach reach) {
        this.policyName = policyName;
        this.reach = reach;
    }

    /** The name in a policy line, e.g. {@code CreateLock}. */
    public String policyName() {
        return policyName;
    }

    public Reach reach() {
        return reach;
    }

    public static Optional<Action> fromPolicyName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    static TrebuchetException unknown(String name) {
        return new TrebuchetException(
                ErrorCode.INVALID_RBAC_POLICY,
                "unknown action '%s'; known: %s"
                        .formatted(
                                name,
                                Arrays.stream(values()).map(Action::policyName).collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return policyName;
    }
}
