package io.trebuchet.gitexport;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.audit.Event;
import io.trebuchet.audit.EventKind;
import io.trebuchet.audit.EventPayload;
import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import io.trebuchet.testing.TestingEvents;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ChangeScopeTest {
    private static final AppName CART = AppName.of("cart");
    private static final EnvName DEV = EnvName.of("dev");

    @ParameterizedTest
    @EnumSource(EventKind.class)
    void eachKindOfEventTouchesWhatItChanges(EventKind kind) {
        Event event = new Event(
                1, Instant.EPOCH, Actor.SYSTEM, kind, Optional.of(CART), Optional.of(DEV), TestingEvents.payload(kind));

        ChangeScope scope = ChangeScope.of(List.of(event)).withEnvironmentsOf(Map.of(CART, Set.of(EnvName.of("prod"))));

        switch (kind) {
            case ENVIRONMENT_CREATED, ENVIRONMENT_UPDATED, ENVIRONMENT_DELETED -> {
                assertThat(scope.environments()).containsExactly(DEV);
                assertThat(scope.placements()).isEmpty();
            }
            case APPLICATION_CREATED, APPLICATION_UPDATED -> {
                // The application's settings show in the files of every environment it runs in.
                assertThat(scope.environments()).containsExactly(EnvName.of("prod"));
                assertThat(scope.placements()).isEmpty();
            }
            case DEPLOYED, REMOVED -> {
                assertThat(scope.environments()).containsExactly(DEV);
                assertThat(scope.placements()).containsExactly(new Placement(CART, DEV));
            }
            case RELEASE_TRAIN -> {
                // The payload lists nothing deployed here: only the environment's files are rendered again.
                assertThat(scope.environments()).containsExactly(DEV);
                assertThat(scope.placements()).isEmpty();
            }
            case RELEASE_CREATED,
                    APPLICATION_DELETED,
                    DEPLOYMENT_QUEUED,
                    LOCK_CREATED,
                    LOCK_UPDATED,
                    LOCK_DELETED,
                    STACK_CREATED,
                    STACK_UPDATED,
                    STACK_DELETED,
                    PLATFORM_VALUES_UPDATED,
                    EXPORT_DIVERGED,
                    EXPORT_FORCED,
                    HOLD_PLACED,
                    HOLD_RELEASED,
                    TOKEN_CREATED,
                    TOKEN_REVOKED -> assertThat(scope.isEmpty()).isTrue();
        }
    }

    @Test
    void aTrainTouchesWhatItDeployed() {
        EventPayload.ReleaseTrain payload = new EventPayload.ReleaseTrain(
                "train",
                "environment dev",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of(new EventPayload.TrainEntry(
                        CART, Optional.of(new Version(3)), Optional.empty(), Optional.empty())),
                List.of(),
                List.of(),
                Optional.empty());
        Event train = new Event(
                2,
                Instant.EPOCH,
                Actor.SCHEDULER,
                EventKind.RELEASE_TRAIN,
                Optional.empty(),
                Optional.of(DEV),
                payload);

        ChangeScope scope = ChangeScope.of(List.of(train));

        assertThat(scope.environments()).containsExactly(DEV);
        assertThat(scope.placements()).containsExactly(new Placement(CART, DEV));
    }
}
