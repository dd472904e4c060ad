package io.trebuchet.gitexport;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.audit.Event;
import io.trebuchet.audit.EventKind;
import io.trebuchet.audit.EventPayload;
import io.trebuchet.core.Actor;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Version;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class CommitMessageTest {
    private static final Actor JANE = new Actor("Jane Doe", "jane@example.com");
    private static final Actor CI = new Actor("ci", "ci@example.com");

    @Test
    void theFirstRenderListsWhatItRemovesOfThePreviousLayoutByWholeDirectories() {
        TreeChanges changes = new TreeChanges(
                new TreeSet<>(List.of("argocd", "environments")),
                new TreeMap<>(Map.of(
                        "environments/dev/config.json", "{}",
                        "environments/dev/applications/cart/manifests/manifests.yaml", "kind: A\n")));
        SortedSet<String> before = new TreeSet<>(List.of(
                "applications/cart/releases/1/source_commit_id",
                "environments/dev/config.json",
                "environments/dev/applications/cart/manifests/manifests.yaml",
                "environments/dev/applications/cart/version",
                "environments/dev/applications/cart/deployed_by",
                "environments/dev/locks/freeze/message",
                "environments/dev/locks/freeze/created_at",
                "environments/dev/teams/payments/locks/away/message"));

        List<String> removed = CommitMessage.removed(before, changes);

        assertThat(removed)
                .containsExactly(
                        "environments/dev/applications/cart/deployed_by",
                        "environments/dev/applications/cart/version",
                        "environments/dev/locks/",
                        "environments/dev/teams/");
        assertThat(CommitMessage.forFullRender(
                        "The branch had no commit of the export yet.",
                        new CommitMessage.Cursor(7, Optional.empty()),
                        "fingerprint",
                        removed))
                .contains("Removes 4 paths of the layout the branch had before its first export")
                .contains("- environments/dev/locks/\n")
                .contains("- environments/dev/applications/cart/version\n");
        assertThat(CommitMessage.forFullRender(
                        "again", new CommitMessage.Cursor(7, Optional.empty()), "fingerprint", List.of()))
                .doesNotContain("Removes");
    }

    @Test
    void oneEventMakesTheSubjectAndItsActorTheOnlyAuthor() {
        BatchSummary batch = new BatchSummary();
        batch.add(deployed(7, JANE));

        assertThat(batch.soleActor()).contains(JANE);
        assertThat(CommitMessage.forBatch(batch, new CommitMessage.Cursor(7, Optional.of("0123456789abcdef")), "abc"))
                .isEqualTo("""
                        Deploy cart 42 to dev (manual)

                        - #7 Deploy cart 42 to dev (manual) (Jane Doe)

                        Trebuchet-Event: 7
                        Trebuchet-Event-Digest: 0123456789abcdef
                        Trebuchet-Render: abc
                        """);
    }

    @Test
    void severalActorsAreListedAsCoAuthors() {
        BatchSummary batch = new BatchSummary();
        batch.add(deployed(7, JANE));
        batch.add(deployed(8, CI));
        batch.add(deployed(9, JANE));

        assertThat(batch.soleActor()).isEmpty();
        assertThat(CommitMessage.forBatch(batch, new CommitMessage.Cursor(9, Optional.empty()), "abc"))
                .startsWith("Export 3 events (3 deployed)\n\n- #7 ")
                .endsWith("""

                        Trebuchet-Event: 9
                        Trebuchet-Render: abc
                        Co-authored-by: Jane Doe <jane@example.com>
                        Co-authored-by: ci <ci@example.com>
                        """);
    }

    @Test
    void aLargeBatchListsItsFirstEventsOnly() {
        BatchSummary batch = new BatchSummary();
        for (int id = 1; id <= 250; id++) {
            batch.add(deployed(id, CI));
        }

        String message = CommitMessage.forBatch(batch, new CommitMessage.Cursor(250, Optional.empty()), "abc");

        assertThat(message.lines().filter(line -> line.startsWith("- #"))).hasSize(BatchSummary.MAX_LISTED);
        assertThat(message).contains("- and 150 more events\n");
    }

    private static Event deployed(long id, Actor actor) {
        EventPayload.Deployed payload =
                new EventPayload.Deployed(new Version(42), Optional.empty(), "manual", Optional.empty(), List.of());
        return new Event(
                id,
                Instant.EPOCH,
                actor,
                EventKind.DEPLOYED,
                Optional.of(AppName.of("cart")),
                Optional.of(EnvName.of("dev")),
                payload);
    }
}
