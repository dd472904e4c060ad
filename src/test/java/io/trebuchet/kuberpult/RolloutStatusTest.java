package io.trebuchet.kuberpult;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.kuberpult.RolloutStatus.ApplicationStatus;
import io.trebuchet.kuberpult.RolloutStatus.Deployed;
import io.trebuchet.kuberpult.RolloutStatus.Status;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RolloutStatusTest {
    private static final Deployed CART_DE = new Deployed(AppName.of("cart"), EnvName.of("prod-de"));
    private static final Deployed CART_FR = new Deployed(AppName.of("cart"), EnvName.of("prod-fr"));
    private static final Deployed SEARCH_DE = new Deployed(AppName.of("search"), EnvName.of("prod-de"));

    @Test
    void aGroupWithoutApplicationsIsSuccessfulAsInKuberpult() {
        assertThat(RolloutStatus.decide(List.of(), Set.of(), Set.of(), false))
                .isEqualTo(new RolloutStatus.Answer(Status.SUCCESSFUL, List.of()));
    }

    @Test
    void exportedChangesAreUnknownNeverSuccessful() {
        RolloutStatus.Answer answer = RolloutStatus.decide(List.of(CART_FR, CART_DE), Set.of(), Set.of(), false);

        assertThat(answer.status()).isEqualTo(Status.UNKNOWN);
        assertThat(answer.applications())
                .containsExactly(
                        new ApplicationStatus(CART_DE.application(), CART_DE.environment(), Status.UNKNOWN),
                        new ApplicationStatus(CART_FR.application(), CART_FR.environment(), Status.UNKNOWN));
    }

    @Test
    void changesNotInTheRepositoryArePendingByApplicationOrByEnvironment() {
        RolloutStatus.Answer byApplication =
                RolloutStatus.decide(List.of(CART_DE, SEARCH_DE, CART_FR), Set.of(), Set.of(SEARCH_DE), false);
        RolloutStatus.Answer byEnvironment = RolloutStatus.decide(
                List.of(CART_DE, SEARCH_DE, CART_FR), Set.of(EnvName.of("prod-fr")), Set.of(), false);

        assertThat(byApplication.status()).isEqualTo(Status.PENDING);
        assertThat(byApplication.applications())
                .extracting(ApplicationStatus::status)
                .containsExactly(Status.UNKNOWN, Status.PENDING, Status.UNKNOWN);
        assertThat(byEnvironment.applications())
                .extracting(ApplicationStatus::status)
                .containsExactly(Status.UNKNOWN, Status.UNKNOWN, Status.PENDING);
    }

    @Test
    void pendingChangesAreAnErrorWhileTheExportIsHalted() {
        RolloutStatus.Answer answer =
                RolloutStatus.decide(List.of(CART_DE, SEARCH_DE), Set.of(), Set.of(CART_DE), true);

        assertThat(answer.status()).isEqualTo(Status.ERROR);
        assertThat(answer.applications())
                .extracting(ApplicationStatus::status)
                .containsExactly(Status.ERROR, Status.UNKNOWN);
    }
}
