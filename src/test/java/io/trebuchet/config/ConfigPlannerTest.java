package io.trebuchet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.trebuchet.application.ApplicationChart;
import io.trebuchet.application.ApplicationSettings;
import io.trebuchet.application.ApplicationSpec;
import io.trebuchet.chart.ChartSubscription;
import io.trebuchet.config.ConfigChange.Action;
import io.trebuchet.config.ConfigChange.Kind;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.GroupName;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.environment.EnvironmentConfig;
import io.trebuchet.imageautomation.ImageSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigPlannerTest {
    private static final EnvironmentConfig LATEST = EnvironmentConfig.latest();

    @Test
    void emptyServerGetsEveryEnvironmentInUpstreamOrderThenEveryApplication() {
        Platform platform = platform(
                Map.of(
                        "prod", downstream("staging"),
                        "staging", downstream("dev"),
                        "dev", LATEST),
                Map.of("search", Optional.empty(), "cart", Optional.of("payments")));

        ConfigPlan plan = ConfigPlanner.plan(platform, state(Map.of(), Map.of(), Map.of()), false);

        assertThat(plan.changes())
                .extracting(ConfigChange::kind, ConfigChange::name, ConfigChange::action)
                .containsExactly(
                        tuple(Kind.ENVIRONMENT, "dev", Action.CREATE),
                        tuple(Kind.ENVIRONMENT, "staging", Action.CREATE),
                        tuple(Kind.ENVIRONMENT, "prod", Action.CREATE),
                        tuple(Kind.APPLICATION, "cart", Action.CREATE),
                        tuple(Kind.APPLICATION, "search", Action.CREATE));
        assertThat(plan.changes().get(1).fields()).singleElement().satisfies(field -> {
            assertThat(field.path()).isEqualTo("upstream.environment");
            assertThat(field.before()).isEmpty();
            assertThat(field.after().orElseThrow().asText()).isEqualTo("dev");
        });
        assertThat(plan.changes().get(3).fields()).extracting(FieldChange::path).containsExactly("team");
        assertThat(plan.changes().get(4).fields()).isEmpty();
        assertThat(plan.summary())
                .containsExactly(Map.entry("create", 5L), Map.entry("update", 0L), Map.entry("delete", 0L));
    }

    @Test
    void imageSourcesAreCreatedChangedAndOnlyPrunedDeleted() {
        AppName geo = AppName.of("geo");
        Map<String, Object> v1 = Map.of(
                "image", "registry.example.com/team/geo",
                "policy", Map.of("alphabetical", Map.of("order", "asc")),
                "filterTags", Map.of("pattern", "^v1_[a-f0-9]{7}_(?P<datetime>.*)Z$", "extract", "$datetime"));
        Map<String, Object> v2 = new HashMap<>(v1);
        v2.put("filterTags", Map.of("pattern", "^v2_[a-f0-9]{7}_(?P<datetime>.*)Z$", "extract", "$datetime"));
        Platform declared = new Platform(
                PlatformSettings.EMPTY,
                List.of(new EnvironmentDeclaration(EnvName.of("dev"), LATEST)),
                List.of(new ApplicationDeclaration(
                        geo,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Map.of(),
                        Map.of(),
                        List.of(),
                        Map.of("image", v2))));
        PlatformState base = state(Map.of("dev", LATEST), Map.of("geo", Optional.empty()), Map.of());

        ConfigPlan created = ConfigPlanner.plan(declared, withSources(base, Map.of()), false);
        ConfigPlan changed = ConfigPlanner.plan(
                declared, withSources(base, Map.of("image", ImageSource.fromMap(geo, "image", v1))), false);
        ConfigPlan same = ConfigPlanner.plan(
                declared, withSources(base, Map.of("image", ImageSource.fromMap(geo, "image", v2))), true);
        Map<String, ImageSource> extra =
                Map.of("image", ImageSource.fromMap(geo, "image", v2), "old", ImageSource.fromMap(geo, "old", v1));
        ConfigPlan kept = ConfigPlanner.plan(declared, withSources(base, extra), false);
        ConfigPlan pruned = ConfigPlanner.plan(declared, withSources(base, extra), true);

        assertThat(created.changes())
                .extracting(ConfigChange::kind, ConfigChange::name, ConfigChange::action)
                .containsExactly(tuple(Kind.IMAGE_SOURCE, "geo/image", Action.CREATE));
        assertThat(changed.changes()).singleElement().satisfies(change -> {
            assertThat(change.action()).isEqualTo(Action.UPDATE);
            assertThat(change.fields()).extracting(FieldChange::path).containsExactly("filterTags.pattern");
        });
        assertThat(same.isEmpty()).isTrue();
        assertThat(kept.isEmpty()).isTrue();
        assertThat(pruned.changes())
                .extracting(ConfigChange::kind, ConfigChange::name, ConfigChange::action)
                .containsExactly(tuple(Kind.IMAGE_SOURCE, "geo/old", Action.DELETE));
    }

    @Test
    void chartSubscriptionsArePlannedAppliedAndPrunedLikeImageSources() {
        AppName maps = AppName.of("maps");
        Map<String, Object> v1 = Map.of("chart", "oci://registry.example.com/charts/maps", "version", "^1.0");
        Map<String, Object> v2 = Map.of("chart", "oci://registry.example.com/charts/maps", "version", "^2.0");
        Platform declared = new Platform(
                PlatformSettings.EMPTY,
                List.of(new EnvironmentDeclaration(EnvName.of("dev"), LATEST)),
                List.of(new ApplicationDeclaration(
                        maps,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Map.of(),
                        Map.of(),
                        List.of(),
                        Map.of(),
                        Map.of("chart", v2))));
        PlatformState base = state(Map.of("dev", LATEST), Map.of("maps", Optional.empty()), Map.of());

        ConfigPlan created = ConfigPlanner.plan(declared, withSubscriptions(base, maps, Map.of()), false);
        ConfigPlan changed = ConfigPlanner.plan(
                declared,
                withSubscriptions(base, maps, Map.of("chart", ChartSubscription.fromMap(maps, "chart", v1))),
                false);
        ConfigPlan same = ConfigPlanner.plan(
                declared,
                withSubscriptions(base, maps, Map.of("chart", ChartSubscription.fromMap(maps, "chart", v2))),
                true);
        Map<String, ChartSubscription> extra = Map.of(
                "chart", ChartSubscription.fromMap(maps, "chart", v2),
                "old", ChartSubscription.fromMap(maps, "old", v1));
        ConfigPlan kept = ConfigPlanner.plan(declared, withSubscriptions(base, maps, extra), false);
        ConfigPlan pruned = ConfigPlanner.plan(declared, withSubscriptions(base, maps, extra), true);

        assertThat(created.changes())
                .extracting(ConfigChange::kind, ConfigChange::name, ConfigChange::action)
                .containsExactly(tuple(Kind.CHART_SUBSCRIPTION, "maps/chart", Action.CREATE));
        assertThat(changed.changes()).singleElement().satisfies(change -> {
            assertThat(change.action()).isEqualTo(Action.UPDATE);
            assertThat(change.fields()).extracting(FieldChange::path).containsExactly("version");
        });
        assertThat(same.isEmpty()).isTrue();
        assertThat(kept.isEmpty()).isTrue();
        assertThat(pruned.changes())
                .extracting(ConfigChange::kind, ConfigChange::name, ConfigChange::action)
                .containsExactly(tuple(Kind.CHART_SUBSCRIPTION, "maps/old", Action.DELETE));
    }

    @Test
    void aDeclaredChartSubscriptionThatIsNotValidIsRefusedWithItsCode() {
        assertThatThrownBy(() -> new ApplicationDeclaration(
                        AppName.of("maps"),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Map.of(),
                        Map.of(),
                        List.of(),
                        Map.of(),
                        Map.of("chart", Map.of("chart", "oci://registry.example.com/charts/maps", "version", "^^1"))))
                .isInstanceOfSatisfying(
                        TrebuchetException.class,
                        e -> assertThat(e.code()).isEqualTo(io.trebuchet.core.ErrorCode.INVALID_CHART_SUBSCRIPTION));
    }

    private static PlatformState withSubscriptions(
            PlatformState state, AppName application, Map<String, ChartSubscription> subscriptions) {
        return new PlatformState(
                state.environments(),
                state.applications(),
                state.releaseCounts(),
                state.deployments(),
                state.stacks(),
                state.platformValues(),
                Map.of(),
                Map.of(application, subscriptions));
    }

    @Test
    void pruningAnApplicationDeletesItsImageSourcesFirstAndKeepsThemWhenItIsRefused() {
        AppName legacy = AppName.of("legacy");
        Map<String, Object> fields =
                Map.of("image", "registry.example.com/legacy", "policy", Map.of("semver", Map.of("range", "^1")));
        Map<String, ImageSource> sources = Map.of(
                "web", ImageSource.fromMap(legacy, "web", fields), "api", ImageSource.fromMap(legacy, "api", fields));
        Platform platform = platform(Map.of("dev", LATEST), Map.of());
        PlatformState state = state(Map.of("dev", LATEST), Map.of("legacy", Optional.empty()), Map.of());

        ConfigPlan pruned = ConfigPlanner.plan(platform, withSources(state, legacy, sources), true);
        ConfigPlan kept = ConfigPlanner.plan(platform, withSources(state, legacy, sources), false);
        PlatformState running = new PlatformState(
                state.environments(),
                state.applications(),
                state.releaseCounts(),
                Map.of(legacy, Set.of(EnvName.of("dev"))),
                state.stacks(),
                state.platformValues(),
                Map.of(legacy, sources));

        assertThat(pruned.changes())
                .extracting(ConfigChange::kind, ConfigChange::name, ConfigChange::action)
                .containsExactly(
                        tuple(Kind.IMAGE_SOURCE, "legacy/api", Action.DELETE),
                        tuple(Kind.IMAGE_SOURCE, "legacy/web", Action.DELETE),
                        tuple(Kind.APPLICATION, "legacy", Action.DELETE));
        assertThat(kept.isEmpty()).isTrue();
        assertThatThrownBy(() -> ConfigPlanner.plan(platform, running, true))
                .isInstanceOf(TrebuchetException.class)
                .hasMessageContaining("application legacy is not declared");
    }

    private static PlatformState withSources(PlatformState state, Map<String, ImageSource> sources) {
        return withSources(state, AppName.of("geo"), sources);
    }

    private static PlatformState withSources(
            PlatformState state, AppName application, Map<String, ImageSource> sources) {
        return new PlatformState(
                state.environments(),
                state.applications(),
                state.releaseCounts(),
                state.deployments(),
                state.stacks(),
                state.platformValues(),
                Map.of(application, sources));
    }

    @Test
    void platformThatMatchesTheServerChangesNothing() {
        Platform platform =
                platform(Map.of("dev", LATEST, "staging", downstream("dev")), Map.of("cart", Optional.of("payments")));

        ConfigPlan plan = ConfigPlanner.plan(
                platform,
                state(
                        Map.of("dev", LATEST, "staging", downstream("dev")),
                        Map.of("cart", Optional.of("payments")),
                        Map.of()),
                true);

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.summary().values()).containsOnly(0L);
    }

    @Test
    void changedFieldsAreListedWithBeforeAndAfter() {
        Platform platform = platform(
                Map.of("dev", LATEST, "staging", downstream("dev").withGroup(GroupName.of("pre"))),
                Map.of("cart", Optional.empty()));

        ConfigPlan plan = ConfigPlanner.plan(
                platform,
                state(
                        Map.of("dev", LATEST, "staging", downstream("dev")),
                        Map.of("cart", Optional.of("payments")),
                        Map.of()),
                false);

        assertThat(plan.changes()).hasSize(2);
        ConfigChange staging = plan.changes().get(0);
        assertThat(staging.action()).isEqualTo(Action.UPDATE);
        assertThat(staging.fields()).singleElement().satisfies(field -> {
            assertThat(field.path()).isEqualTo("environmentGroup");
            assertThat(field.before()).isEmpty();
            assertThat(field.after().orElseThrow().asText()).isEqualTo("pre");
        });
        ConfigChange cart = plan.changes().get(1);
        assertThat(cart.action()).isEqualTo(Action.UPDATE);
        assertThat(cart.fields()).singleElement().satisfies(field -> {
            assertThat(field.path()).isEqualTo("team");
            assertThat(field.before().orElseThrow().asText()).isEqualTo("payments");
            assertThat(field.after()).isEmpty();
        });
    }

    @Test
    void aChangedChartIsPlannedAsFieldChangesAndReleasesNothing() {
        ApplicationChart old = new ApplicationChart(
                "oci://registry.example.com/charts/maps",
                Optional.empty(),
                "1.4.2",
                Optional.empty(),
                Optional.empty());
        Platform platform = new Platform(
                PlatformSettings.EMPTY,
                List.of(new EnvironmentDeclaration(EnvName.of("dev"), LATEST)),
                List.of(
                        chartApplication(
                                "maps",
                                new ChartDeclaration(
                                        Optional.empty(),
                                        Optional.empty(),
                                        Optional.of("oci://registry.example.com/charts/maps"),
                                        Optional.empty(),
                                        Optional.of("1.5.0"))),
                        chartApplication(
                                "same",
                                new ChartDeclaration(
                                        Optional.empty(),
                                        Optional.empty(),
                                        Optional.of("oci://registry.example.com/charts/maps"),
                                        Optional.empty(),
                                        Optional.of("1.4.2"))),
                        new ApplicationDeclaration(AppName.of("plain"), Optional.empty())));
        Map<AppName, ApplicationSpec> applications = Map.of(
                AppName.of("maps"), chartSpec(old),
                AppName.of("same"), chartSpec(old),
                AppName.of("plain"), chartSpec(old));

        ConfigPlan plan = ConfigPlanner.plan(
                platform,
                new PlatformState(environments(Map.of("dev", LATEST)), applications, Map.of(), Map.of()),
                false);

        assertThat(plan.changes())
                .extracting(ConfigChange::name, ConfigChange::action, ConfigChange::note)
                .containsExactly(
                        tuple(
                                "maps",
                                Action.UPDATE,
                                Optional.of("its next release renders the new chart; apply releases nothing")),
                        tuple("plain", Action.UPDATE, Optional.empty()));
        assertThat(plan.changes().getFirst().fields()).singleElement().satisfies(field -> {
            assertThat(field.path()).isEqualTo("chart.version");
            assertThat(field.before().orElseThrow().asText()).isEqualTo("1.4.2");
            assertThat(field.after().orElseThrow().asText()).isEqualTo("1.5.0");
        });
        // Removing the declaration removes the chart, as removing templateFile removes the template.
        assertThat(plan.changes().get(1).fields())
                .extracting(FieldChange::path)
                .containsExactly("chart.chart", "chart.version");
    }

    private static ApplicationDeclaration chartApplication(String name, ChartDeclaration chart) {
        return new ApplicationDeclaration(
                AppName.of(name),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Map.of(),
                Map.of(),
                List.of(),
                Map.of(),
                Map.of(),
                Optional.of(chart));
    }

    private static ApplicationSpec chartSpec(ApplicationChart chart) {
        return new ApplicationSpec(
                Optional.empty(),
                Optional.empty(),
                new ApplicationSettings(Optional.empty(), Map.of(), Map.of(), List.of(), Optional.of(chart)));
    }

    @Test
    void withoutPruneWhatIsNotDeclaredIsKeptAndListed() {
        Platform platform = platform(Map.of("dev", LATEST), Map.of());

        ConfigPlan plan = ConfigPlanner.plan(
                platform,
                state(Map.of("dev", LATEST, "qa", downstream("dev")), Map.of("legacy", Optional.empty()), Map.of()),
                false);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.undeclaredEnvironments()).containsExactly(EnvName.of("qa"));
        assertThat(plan.undeclaredApplications()).containsExactly(AppName.of("legacy"));
    }

    @Test
    void withoutPruneADeclaredEnvironmentMayNameAnUndeclaredOneThatExists() {
        Platform platform = platform(Map.of("staging", downstream("dev")), Map.of());

        ConfigPlan plan = ConfigPlanner.plan(platform, state(Map.of("dev", LATEST), Map.of(), Map.of()), false);

        assertThat(plan.changes()).extracting(ConfigChange::name).containsExactly("staging");
    }

    @Test
    void pruneDeletesApplicationsThenEnvironmentsDownstreamFirst() {
        Platform platform = platform(Map.of("dev", LATEST), Map.of());

        ConfigPlan plan = ConfigPlanner.plan(
                platform,
                new PlatformState(
                        environments(Map.of(
                                "dev", LATEST,
                                "staging", downstream("dev"),
                                "prod", downstream("staging"))),
                        applications(Map.of("legacy", Optional.empty(), "empty", Optional.of("x"))),
                        Map.of(AppName.of("legacy"), 3L, AppName.of("empty"), 0L),
                        Map.of()),
                true);

        assertThat(plan.changes())
                .extracting(ConfigChange::kind, ConfigChange::name, ConfigChange::action)
                .containsExactly(
                        tuple(Kind.APPLICATION, "empty", Action.DELETE),
                        tuple(Kind.APPLICATION, "legacy", Action.DELETE),
                        tuple(Kind.ENVIRONMENT, "prod", Action.DELETE),
                        tuple(Kind.ENVIRONMENT, "staging", Action.DELETE));
        assertThat(plan.changes().get(0).note()).isEmpty();
        assertThat(plan.changes().get(1).note()).contains("archives it; its 3 releases stay");
        assertThat(plan.undeclaredEnvironments()).isEmpty();
    }

    @Test
    void pruneRefusesToDeleteAnEnvironmentADeclaredOneNamesAsUpstream() {
        Platform platform = platform(Map.of("staging", downstream("dev")), Map.of());

        assertThatThrownBy(() -> ConfigPlanner.plan(platform, state(Map.of("dev", LATEST), Map.of(), Map.of()), true))
                .isInstanceOfSatisfying(TrebuchetException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.ENVIRONMENT_IN_USE);
                    assertThat(e.getMessage())
                            .isEqualTo("environment dev is not declared, so pruning would delete it, but staging names"
                                    + " it as upstream");
                });
    }

    @Test
    void pruneRefusesEveryDeletionOfWhatStillRunsAndSaysSoAtOnce() {
        Platform platform = platform(Map.of("dev", LATEST), Map.of("cart", Optional.empty()));
        PlatformState current = new PlatformState(
                environments(Map.of("dev", LATEST, "qa", downstream("dev"))),
                applications(Map.of("cart", Optional.empty(), "legacy", Optional.empty())),
                Map.of(),
                Map.of(
                        AppName.of("cart"), Set.of(EnvName.of("qa")),
                        AppName.of("legacy"), Set.of(EnvName.of("dev"), EnvName.of("qa"))));

        assertThatThrownBy(() -> ConfigPlanner.plan(platform, current, true))
                .isInstanceOfSatisfying(TrebuchetException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.APPLICATION_IN_USE);
                    assertThat(e.getMessage())
                            .contains("application legacy is not declared, so pruning would delete it, but it still"
                                    + " runs in dev, qa; undeploy it first")
                            .contains("environment qa is not declared, so pruning would delete it, but it still runs"
                                    + " cart, legacy; remove them first");
                    assertThat((List<?>) e.details().get("problems")).hasSize(2);
                });
    }

    @Test
    void anUndeclaredUnknownUpstreamOrACycleIsRefused() {
        assertThatThrownBy(() -> ConfigPlanner.plan(
                        platform(Map.of("staging", downstream("dev")), Map.of()),
                        state(Map.of(), Map.of(), Map.of()),
                        false))
                .isInstanceOfSatisfying(
                        TrebuchetException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_UPSTREAM));
        assertThatThrownBy(() -> ConfigPlanner.plan(
                        platform(Map.of("a", downstream("b")), Map.of()),
                        state(Map.of("b", downstream("a")), Map.of(), Map.of()),
                        false))
                .isInstanceOfSatisfying(
                        TrebuchetException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_CYCLE));
    }

    @Test
    void reversingAChainIsPlannedSoThatEveryStepKeepsAForest() {
        // Today dev -> staging; declared: staging is the root and dev follows it.
        Platform platform = platform(Map.of("staging", LATEST, "dev", downstream("staging")), Map.of());

        ConfigPlan plan = ConfigPlanner.plan(
                platform, state(Map.of("dev", LATEST, "staging", downstream("dev")), Map.of(), Map.of()), false);

        assertThat(plan.changes()).extracting(ConfigChange::name).containsExactly("staging", "dev");
    }

    private static EnvironmentConfig downstream(String upstream) {
        return EnvironmentConfig.downstreamOf(EnvName.of(upstream));
    }

    private static Platform platform(Map<String, EnvironmentConfig> environments, Map<String, Optional<String>> apps) {
        return new Platform(
                PlatformSettings.EMPTY,
                environments.entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .map(entry -> new EnvironmentDeclaration(EnvName.of(entry.getKey()), entry.getValue()))
                        .toList(),
                apps.entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .map(entry -> new ApplicationDeclaration(
                                AppName.of(entry.getKey()), entry.getValue().map(TeamName::of)))
                        .toList());
    }

    private static PlatformState state(
            Map<String, EnvironmentConfig> environments,
            Map<String, Optional<String>> apps,
            Map<AppName, Set<EnvName>> deployments) {
        return new PlatformState(environments(environments), applications(apps), Map.of(), deployments);
    }

    private static Map<EnvName, EnvironmentConfig> environments(Map<String, EnvironmentConfig> environments) {
        Map<EnvName, EnvironmentConfig> result = new HashMap<>();
        environments.forEach((name, config) -> result.put(EnvName.of(name), config));
        return result;
    }

    private static Map<AppName, ApplicationSpec> applications(Map<String, Optional<String>> apps) {
        Map<AppName, ApplicationSpec> result = new HashMap<>();
        apps.forEach((name, team) -> result.put(AppName.of(name), ApplicationSpec.ofTeam(team.map(TeamName::of))));
        return result;
    }
}
