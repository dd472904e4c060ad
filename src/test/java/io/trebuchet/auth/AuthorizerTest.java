package io.trebuchet.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.TrebuchetException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The RBAC decision as a table: Kuberpult's policy format and team permissions, every action allowed and denied. */
class AuthorizerTest {
    private static final RbacPolicy POLICY = RbacPolicy.parse("""
            # Kuberpult's format, spaces as people write them.
            p, role:developer, CreateLock, production:prod-de, *, allow
            p, role:developer, DeleteLock, production:prod-de, *, allow
            p, role:developer, DeployRelease, *:development, *, allow
            p, role:developer, CreateRelease, *:*, cart, allow
            p, role:deployer, DeployRelease, production:*, cart, allow
            p, role:deployer, DeployReleaseTrain, production:*, *, allow
            p, role:admin, CreateEnvironment, *:*, *, allow
            p, role:admin, DeleteEnvironment, *:*, *, allow
            p, role:admin, CreateEnvironmentApplication, *:*, *, allow
            p, role:admin, DeleteEnvironmentApplication, *:*, *, allow
            p, role:admin, CreateUndeploy, *:*, *, allow
            p, role:admin, DeployUndeploy, *:*, *, allow
            p, role:admin, ApplyPlatformConfig, *:*, *, allow
            p, role:admin, Rerender, *:*, *, allow
            p, role:admin, ManageTokens, *:*, *, allow
            p, role:admin, ManageStacks, *:*, *, allow
            p, role:admin, ChangeValues, *:*, *, allow
            p, role:admin, SkipEslEvent, *:*, *, allow
            p, role:admin, RetryFailedEvent, *:*, *, allow
            p, role:registry, NotifyImagePush, *:*, *, allow
            g, platform-team, role:admin
            g, dev-team, role:developer
            g, registries, role:registry
            g, ops@example.com, role:deployer
            """);
    private static final TeamPermissions TEAMS = TeamPermissions.parse("""
            shop,dev@example.com ops@example.com
            *,admin@example.com
            """);
    private static final Authorizer AUTHORIZER = new Authorizer(POLICY, Optional.of(TEAMS));

    private static Identity person(String email, String... groups) {
        return new Identity(
                Identity.Kind.SESSION, email, email, Optional.of(email), Set.of(groups), Set.of(), Optional.empty());
    }

    private static Scope scope(String group, String environment, String application, String team) {
        Optional<GroupName> groupName = group.equals("-") ? Optional.empty() : Optional.of(GroupName.of(group));
        Optional<EnvName> environmentName =
                environment.equals("-") ? Optional.empty() : Optional.of(EnvName.of(environment));
        Optional<AppName> applicationName =
                application.equals("-") ? Optional.empty() : Optional.of(AppName.of(application));
        Optional<TeamName> teamName = team.equals("-") ? Optional.empty() : Optional.of(TeamName.of(team));
        return new Scope(groupName, environmentName, applicationName, teamName, applicationName.isPresent());
    }

    @ParameterizedTest(name = "{0} {1} {2}:{3} {4} team {5} -> {6}")
    @CsvSource(delimiter = '|', textBlock = """
            # who              | action                        | group       | env         | app  | team | allowed
            dev-team           | CreateLock                    | production  | prod-de     | -    | -    | true
            dev-team           | CreateLock                    | production  | prod-fr     | -    | -    | false
            dev-team           | CreateLock                    | production  | -           | -    | -    | false
            dev-team           | DeleteLock                    | production  | prod-de     | -    | -    | true
            dev-team           | DeleteLock                    | staging     | staging     | -    | -    | false
            dev-team           | DeployRelease                 | development | development | cart | shop | true
            dev-team           | DeployRelease                 | production  | prod-de     | cart | shop | false
            dev-team           | CreateRelease                 | -           | -           | cart | shop | true
            dev-team           | CreateRelease                 | -           | -           | shoe | shop | false
            ops                | DeployRelease                 | production  | prod-fr     | cart | shop | true
            ops                | DeployRelease                 | production  | prod-fr     | shoe | shop | false
            ops                | DeployReleaseTrain            | production  | prod-de     | -    | -    | true
            ops                | DeployReleaseTrain            | production  | -           | -    | -    | true
            ops                | DeployReleaseTrain            | staging     | staging     | -    | -    | false
            dev-team           | DeployReleaseTrain            | production  | prod-de     | -    | -    | false
            platform-team      | CreateEnvironment             | production  | -           | -    | -    | true
            dev-team           | CreateEnvironment             | production  | -           | -    | -    | false
            platform-team      | DeleteEnvironment             | production  | prod-de     | -    | -    | true
            dev-team           | DeleteEnvironment             | production  | prod-de     | -    | -    | false
            platform-team      | CreateEnvironmentApplication  | -           | -           | cart | -    | true
            dev-team           | CreateEnvironmentApplication  | -           | -           | cart | -    | false
            platform-team      | DeleteEnvironmentApplication  | production  | prod-de     | cart | -    | true
            dev-team           | DeleteEnvironmentApplication  | production  | prod-de     | cart | shop | false
            platform-team      | CreateUndeploy                | -           | -           | cart | -    | true
            dev-team           | CreateUndeploy                | -           | -           | cart | shop | false
            platform-team      | DeployUndeploy                | -           | -           | cart | -    | true
            dev-team           | DeployUndeploy                | -           | -           | cart | shop | false
            platform-team      | ApplyPlatformConfig           | -           | -           | -    | -    | true
            dev-team           | ApplyPlatformConfig           | -           | -           | -    | -    | false
            platform-team      | Rerender                      | -           | -           | -    | -    | true
            dev-team           | Rerender                      | -           | -           | -    | -    | false
            platform-team      | ManageTokens                  | -           | -           | -    | -    | true
            dev-team           | ManageTokens                  | -           | -           | -    | -    | false
            platform-team      | ManageStacks                  | -           | -           | -    | -    | true
            dev-team           | ManageStacks                  | -           | -           | -    | -    | false
            platform-team      | ChangeValues                  | -           | -           | -    | -    | true
            dev-team           | ChangeValues                  | -           | -           | -    | -    | false
            platform-team      | SkipEslEvent                  | -           | -           | -    | -    | true
            dev-team           | SkipEslEvent                  | -           | -           | -    | -    | false
            platform-team      | RetryFailedEvent              | -           | -           | -    | -    | true
            dev-team           | RetryFailedEvent              | -           | -           | -    | -    | false
            registries         | NotifyImagePush               | -           | -           | -    | -    | true
            platform-team      | NotifyImagePush               | -           | -           | -    | -    | false
            nobody             | CreateLock                    | production  | prod-de     | -    | -    | false
            """)
    void decidesEveryActionAsThePolicySays(
            String who,
            String action,
            String group,
            String environment,
            String application,
            String team,
            boolean allowed) {
        Identity identity = switch (who) {
            case "dev-team" -> person("dev@example.com", "dev-team");
            case "ops" -> person("ops@example.com");
            case "platform-team" -> person("admin@example.com", "platform-team");
            case "registries" -> person("registry@example.com", "registries");
            default -> person("nobody@example.com");
        };
        Action parsed = Action.fromPolicyName(action).orElseThrow();

        Optional<String> refusal = AUTHORIZER.refusal(identity, parsed, scope(group, environment, application, team));

        assertThat(refusal.isEmpty()).as(refusal.orElse("allowed")).isEqualTo(allowed);
        refusal.ifPresent(reason -> assertThat(reason).contains(action));
    }

    @Test
    void theTableCoversEveryAction() throws Exception {
        String table = Arrays.stream(AuthorizerTest.class
                        .getDeclaredMethod(
                                "decidesEveryActionAsThePolicySays",
                                String.class,
                                String.class,
                                String.class,
                                String.class,
                                String.class,
                                String.class,
                                boolean.class)
                        .getAnnotation(CsvSource.class)
                        .textBlock()
                        .split("\n"))
                .collect(Collectors.joining("\n"));
        Set<Action> missing = EnumSet.noneOf(Action.class);
        for (Action action : Action.values()) {
            boolean allowed = table.lines()
                    .anyMatch(line -> line.contains("| " + action.policyName() + " ")
                            && line.strip().endsWith("true"));
            boolean denied = table.lines()
                    .anyMatch(line -> line.contains("| " + action.policyName() + " ")
                            && line.strip().endsWith("false"));
            if (!allowed || !denied) {
                missing.add(action);
            }
        }
        assertThat(missing).as("actions without an allowed and a denied case").isEmpty();
    }

    @Test
    void teamPermissionsLimitApplicationsToTheirTeams() {
        Identity developer = person("dev@example.com", "dev-team");
        Scope shopApp = scope("development", "development", "cart", "shop");
        Scope otherApp = scope("development", "development", "cart", "payments");
        Scope noTeam = new Scope(
                Optional.of(GroupName.of("development")),
                Optional.of(EnvName.of("development")),
                Optional.of(AppName.of("cart")),
                Optional.empty(),
                true);

        assertThat(AUTHORIZER.refusal(developer, Action.DEPLOY_RELEASE, shopApp))
                .isEmpty();
        assertThat(AUTHORIZER.refusal(developer, Action.DEPLOY_RELEASE, otherApp))
                .hasValueSatisfying(reason -> assertThat(reason).contains("not a member of team payments"));
        assertThat(AUTHORIZER.refusal(developer, Action.DEPLOY_RELEASE, noTeam))
                .hasValueSatisfying(reason -> assertThat(reason).contains("no team"));
        assertThat(new Authorizer(POLICY, Optional.empty()).refusal(developer, Action.DEPLOY_RELEASE, otherApp))
                .as("without team permissions only the policy decides")
                .isEmpty();
    }

    @Test
    void aTokenScopedToTeamsIsLimitedToThemWithRolesOfItsOwn() {
        Identity token = new Identity(
                Identity.Kind.TOKEN,
                "7",
                "ci-shop",
                Optional.empty(),
                Set.of(),
                Set.of("developer"),
                Optional.of(Set.of("shop")));
        Authorizer withoutTeamsFile = new Authorizer(POLICY, Optional.empty());

        assertThat(withoutTeamsFile.refusal(
                        token, Action.DEPLOY_RELEASE, scope("development", "development", "cart", "shop")))
                .isEmpty();
        assertThat(withoutTeamsFile.refusal(
                        token, Action.DEPLOY_RELEASE, scope("development", "development", "cart", "payments")))
                .isPresent();
        assertThat(withoutTeamsFile.refusal(token, Action.CREATE_LOCK, scope("production", "prod-de", "-", "-")))
                .isEmpty();
    }

    @Test
    void theBootstrapTokenMayDoEverything() {
        Identity bootstrap = new Identity(
                Identity.Kind.BOOTSTRAP,
                "bootstrap",
                "bootstrap",
                Optional.empty(),
                Set.of(),
                Set.of(),
                Optional.empty());

        for (Action action : Action.values()) {
            assertThat(AUTHORIZER.refusal(bootstrap, action, Scope.GLOBAL))
                    .as(action.policyName())
                    .isEmpty();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            p, role:x, FlyToTheMoon, *:*, *, allow          | unknown action 'FlyToTheMoon'
            p, role:x, CreateLock, production, *, allow     | <group>:<environment>
            p, x, CreateLock, *:*, *, allow                 | role:<name>
            p, role:x, CreateLock, *:*, *, deny             | only allow lines grant anything
            p, role:x, CreateLock, *:*, *                   | 6 fields
            p, role:x, CreateRelease, *:prod, *, allow      | does not depend on an environment
            p, role:x, Rerender, *:prod, *, allow           | whole installation
            p, role:x, CreateLock, *:Prod_DE, *, allow      | invalid environment
            p, role:x, CreateLock, *:*, Not-An-App!, allow  | invalid application
            g, group-only                                   | 3 fields
            x, role:x, CreateLock, *:*, *, allow            | starts with p
            """)
    void refusesAPolicyLineThatWouldNotMeanWhatItSays(String line, String message) {
        assertThatThrownBy(() -> RbacPolicy.parse("p, role:ok, CreateLock, *:*, *, allow\n" + line))
                .isInstanceOfSatisfying(TrebuchetException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.INVALID_RBAC_POLICY);
                    assertThat(error.getMessage()).contains("line 2").contains(message);
                });
    }

    @Test
    void readsKuberpultsOwnExamplePolicy() {
        RbacPolicy policy = RbacPolicy.parse("""
                p, role:Developer, CreateLock, *:*, *, allow
                p, role:Developer, DeleteLock, *:*, *, allow
                p, role:Developer, CreateRelease, *:*, *, allow
                p, role:Developer, DeployRelease, *:*, *, allow
                p, role:Developer, CreateUndeploy, *:*, *, allow
                p, role:Developer, DeployUndeploy, *:*, *, allow
                p, role:Developer, CreateEnvironment, *:*, *, allow
                p, role:Developer, DeleteEnvironment, *:*, *, allow
                p, role:Developer, DeleteEnvironmentApplication, *:*, *, allow
                p, role:Developer, DeployReleaseTrain, *:*, *, allow

                g, freiheit-com-org:fdc-org-team1, role:admin
                """);

        assertThat(policy.permissions()).hasSize(10);
        assertThat(policy.rolesOf(Set.of("freiheit-com-org:fdc-org-team1"))).containsExactly("admin");
    }

    @Test
    void refusesMalformedTeamPermissions() {
        assertThatThrownBy(() -> TeamPermissions.parse("shop,dev@example.com\nshop,ops@example.com"))
                .hasMessageContaining("listed more than once");
        assertThatThrownBy(() -> TeamPermissions.parse("shop,not-an-email")).hasMessageContaining("invalid email");
        assertThat(TeamPermissions.parse("shop,a@example.com b@example.com\n*,c@example.com")
                        .teamsOf("c@example.com"))
                .containsExactly("*");
    }
}
