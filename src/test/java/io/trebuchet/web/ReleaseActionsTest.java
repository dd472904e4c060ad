package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import io.trebuchet.policy.Finding;
import io.trebuchet.policy.PolicyRule;
import io.trebuchet.policy.Severity;
import io.trebuchet.policy.Violation;
import io.trebuchet.release.Manifest;
import io.trebuchet.release.Release;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReleaseActionsTest {
    private static final EnvName DEV = EnvName.of("dev");
    private static final Release RELEASE_2 = new Release(
            AppName.of("cart"),
            new Version(2),
            Map.of(DEV, Manifest.of("kind: ConfigMap\n")),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Instant.parse("2026-11-02T10:00:00Z"),
            Actor.ANONYMOUS);

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "dev  | 0 | true  | ''",
                "dev  | 1 | true  | ''",
                "dev  | 3 | true  | ''",
                "dev  | 2 | false | dev runs v2 already.",
                "prod | 0 | false | Release v2 has no manifest for prod.",
                "prod | 1 | false | Release v2 has no manifest for prod."
            })
    void deployNeedsAManifestAndAnotherVersionRunning(
            String environment, long running, boolean enabled, String refusal) {
        ReleaseActions.Action action =
                ReleaseActions.deploy(RELEASE_2, EnvName.of(environment), version(running), List.of(), List.of());

        assertThat(action.label()).isEqualTo(running == 3 ? "Roll back to v2" : "Deploy v2");
        assertThat(action.enabled()).isEqualTo(enabled);
        assertThat(action.refusal().orElse("")).isEqualTo(refusal);
    }

    @Test
    void deployIsRefusedWhereThePolicyErrorsOfTheManifestAreErrors() {
        ReleaseActions.Action one =
                ReleaseActions.deploy(RELEASE_2, DEV, Optional.empty(), List.of(error("web")), List.of());
        ReleaseActions.Action four = ReleaseActions.deploy(
                RELEASE_2,
                DEV,
                Optional.empty(),
                List.of(error("a"), error("b"), error("c"), error("d")),
                List.of("dev is locked."));

        assertThat(one.enabled()).isFalse();
        assertThat(one.refusal())
                .contains("Release v2 breaks a policy that dev treats as an error: Deployment web container app:"
                        + " no limits (resources, at spec.template.spec.containers[0].resources).");
        assertThat(four.enabled()).isFalse();
        assertThat(four.needsConfirmation()).isFalse();
        assertThat(four.refusal().orElseThrow())
                .startsWith("Release v2 breaks policies that dev treats as errors: Deployment a ")
                .endsWith(" and 1 more.");
    }

    @Test
    void deployThroughALockOrFreezeIsOfferedOnlyWithAConfirmation() {
        ReleaseActions.Action blocked = ReleaseActions.deploy(
                RELEASE_2, DEV, version(1), List.of(), List.of("dev is locked: “QA” (lock 'qa' by Jane, 1 hour ago)."));
        ReleaseActions.Action blockedWithoutManifest =
                ReleaseActions.deploy(RELEASE_2, EnvName.of("prod"), version(1), List.of(), List.of("prod is locked."));
        ReleaseActions.Action alreadyThere =
                ReleaseActions.deploy(RELEASE_2, DEV, version(2), List.of(), List.of("dev is locked."));

        assertThat(blocked.enabled()).isTrue();
        assertThat(blocked.needsConfirmation()).isTrue();
        assertThat(blocked.label()).isEqualTo("Deploy v2…");
        assertThat(blocked.blockers()).containsExactly("dev is locked: “QA” (lock 'qa' by Jane, 1 hour ago).");
        assertThat(blockedWithoutManifest.enabled()).isFalse();
        assertThat(blockedWithoutManifest.needsConfirmation()).isFalse();
        assertThat(alreadyThere.refusal()).contains("dev runs v2 already.");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "staging | 0 | 3 | 3 | from staging",
                "staging | 2 | 3 | 3 | from staging",
                "staging | 3 | 3 | 0 | ''",
                "staging | 4 | 3 | 0 | ''",
                "staging | 2 | 0 | 0 | ''",
                "latest  | 2 | 0 | 5 | from the latest release",
                "latest  | 5 | 0 | 0 | ''",
                "none    | 1 | 3 | 0 | ''"
            })
    void promotionOffersTheUpstreamsVersionOnlyWhenItIsNewer(
            String upstream, long running, long upstreamRuns, long promoted, String from) {
        Optional<io.trebuchet.environment.Upstream> link = switch (upstream) {
            case "staging" -> Optional.of(io.trebuchet.environment.Upstream.of(EnvName.of("staging")));
            case "latest" -> Optional.of(io.trebuchet.environment.Upstream.ofLatest());
            default -> Optional.empty();
        };
        Map<EnvName, Version> deployed =
                upstreamRuns == 0 ? Map.of() : Map.of(EnvName.of("staging"), new Version(upstreamRuns));

        Optional<ReleaseActions.Promotion> promotion =
                ReleaseActions.promotion(link, deployed, Optional.of(new Version(5)), version(running));

        assertThat(promotion.map(found -> found.version().value()).orElse(0L)).isEqualTo(promoted);
        assertThat(promotion.map(found -> "from " + found.from()).orElse("")).isEqualTo(from);
    }

    @Test
    void aPromotionSaysWhereTheVersionComesFromAndAnOlderVersionIsARollback() {
        ReleaseActions.Action promote = ReleaseActions.promote(
                RELEASE_2,
                new ReleaseActions.Promotion(new Version(2), "staging"),
                DEV,
                version(1),
                List.of(),
                List.of());

        assertThat(promote.label()).isEqualTo("Promote v2 from staging");
        assertThat(ReleaseActions.label(new Version(2), version(3))).isEqualTo("Roll back to v2");
        assertThat(ReleaseActions.label(new Version(2), version(1))).isEqualTo("Deploy v2");
        assertThat(ReleaseActions.label(new Version(2), Optional.empty())).isEqualTo("Deploy v2");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"0 | false | Not deployed in dev.", "1 | true | ''", "2 | true | ''"})
    void removeNeedsTheApplicationToRunThere(long running, boolean enabled, String refusal) {
        ReleaseActions.Action action = ReleaseActions.remove(DEV, version(running));

        assertThat(action.enabled()).isEqualTo(enabled);
        assertThat(action.refusal().orElse("")).isEqualTo(refusal);
    }

    private static Finding error(String name) {
        return new Finding(
                new Violation(
                        PolicyRule.RESOURCES,
                        "Deployment",
                        name,
                        Optional.of("app"),
                        "spec.template.spec.containers[0].resources",
                        "no limits"),
                Severity.ERROR);
    }

    private static Optional<Version> version(long value) {
        return value == 0 ? Optional.empty() : Optional.of(new Version(value));
    }
}
