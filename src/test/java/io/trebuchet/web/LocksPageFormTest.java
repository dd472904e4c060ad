package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TeamName;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.lock.Lock;
import io.trebuchet.lock.LockId;
import io.trebuchet.lock.LockKind;
import io.trebuchet.web.LocksPage.Form;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The locks page's filters: what they match while a person types and how they read back in the URL. */
class LocksPageFormTest {
    private static final Lock CART = lock(
            LockKind.APPLICATION,
            Optional.of(AppName.of("cart")),
            Optional.empty(),
            "pin",
            "keep v1 until the fix",
            new Actor("Ops Person", "ops@example.com"));
    private static final Lock PAYMENTS = lock(
            LockKind.TEAM,
            Optional.empty(),
            Optional.of(TeamName.of("Payments")),
            "freeze",
            "payments freeze",
            new Actor("Jane Doe", "jane.doe@example.com"));
    private static final Lock QA = lock(
            LockKind.ENVIRONMENT,
            Optional.empty(),
            Optional.empty(),
            "qa",
            "QA is testing",
            new Actor("Jane Doe", "jane.doe@example.com"));

    @Test
    void emptyFiltersMatchEveryLock() {
        Form form = form("", "", "");

        assertThat(form.matches(CART)).isTrue();
        assertThat(form.matches(PAYMENTS)).isTrue();
        assertThat(form.matches(QA)).isTrue();
        assertThat(form.filtered()).isFalse();
        assertThat(form.link()).isEqualTo("/locks");
    }

    @Test
    void theApplicationMatchesByPartOfItsNameIgnoringCase() {
        assertThat(form("AR", "", "").matches(CART)).isTrue();
        assertThat(form(" ca ", "", "").matches(CART)).isTrue();
        assertThat(form("cat", "", "").matches(CART)).isFalse();
        assertThat(form("c", "", "").matches(QA))
                .as("a lock without an application")
                .isFalse();
    }

    @Test
    void theTeamMatchesByPartOfItsNameIgnoringCaseOnBothSides() {
        assertThat(form("", "pay", "").matches(PAYMENTS)).isTrue();
        assertThat(form("", "MENTS", "").matches(PAYMENTS)).isTrue();
        assertThat(form("", "pay", "").matches(CART)).isFalse();
    }

    @Test
    void theTextMatchesTheMessageTheAuthorOrTheId() {
        assertThat(form("", "", "testing").matches(QA)).as("message").isTrue();
        assertThat(form("", "", "jane").matches(QA)).as("author's name").isTrue();
        assertThat(form("", "", "JANE").matches(CART)).isFalse();
        assertThat(form("", "", "ops@").matches(CART)).as("author's email").isTrue();
        assertThat(form("", "", "PIN").matches(CART)).as("id").isTrue();
        assertThat(form("", "", "rollback").matches(CART)).isFalse();
    }

    @Test
    void everyFilterMustMatch() {
        assertThat(form("", "pay", "jane").matches(PAYMENTS)).isTrue();
        assertThat(form("", "pay", "ops").matches(PAYMENTS)).isFalse();
    }

    @Test
    void theUrlKeepsTheFiltersThatAreSet() {
        Form form = new Form("", "", "", "Jane Doe", "", "active");

        assertThat(form.filtered()).isTrue();
        assertThat(form.link()).isEqualTo("/locks?text=Jane+Doe&state=active");
        assertThat(form.deletePath()).isEqualTo("/locks/delete?text=Jane+Doe&state=active");
    }

    @Test
    void anUnknownStateIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> new Form("", "", "", "", "", "sleeping").filter())
                .isInstanceOfSatisfying(
                        TrebuchetException.class,
                        error -> assertThat(error.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessage("There is no lock state 'sleeping'; choose one of active, expired, dormant.");
    }

    private static Form form(String application, String team, String text) {
        return new Form("", application, team, text, "", "");
    }

    private static Lock lock(
            LockKind kind,
            Optional<AppName> application,
            Optional<TeamName> team,
            String id,
            String message,
            Actor author) {
        return new Lock(
                kind,
                EnvName.of("staging"),
                application,
                team,
                LockId.of(id),
                message,
                author,
                Instant.parse("2026-11-02T12:00:00Z"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }
}
