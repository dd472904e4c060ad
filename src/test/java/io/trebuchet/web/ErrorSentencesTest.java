package io.trebuchet.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.lock.LockRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ErrorSentencesTest {
    private static final Map<String, String> LOCK_LABELS = Map.of("message", "Message", "expiresIn", "Expires in");

    @Test
    void aFieldIsNamedByTheFormsLabelNotTheApisField() {
        TrebuchetException missing = refusal(() -> LockRequest.of(" "));
        TrebuchetException expiry = refusal(() -> new LockRequest(
                "QA",
                java.util.Optional.empty(),
                java.util.Optional.empty(),
                java.util.Optional.of("soon"),
                java.util.Optional.empty(),
                java.util.Optional.empty()));

        assertThat(ErrorSentences.of(missing, LOCK_LABELS))
                .isEqualTo("Message is missing: a lock needs a message that says why.");
        assertThat(ErrorSentences.of(expiry, LOCK_LABELS))
                .startsWith("Expires in must be a duration such as 30m")
                .endsWith("got 'soon'.");
        assertThat(ErrorSentences.of(missing, Map.of()))
                .as("without a label the message stays, as a sentence")
                .isEqualTo("Message is missing: a lock needs a message that says why.");
    }

    @Test
    void aQueryParameterOrAFieldTheMessageDoesNotStartWithIsNamedByItsLabelToo() {
        TrebuchetException since = new TrebuchetException(
                ErrorCode.INVALID_REQUEST,
                "since must be a time such as 2026-11-02T10:00:00Z or 2026-11-02T10:00 (UTC), got 'yesterday'",
                Map.of("parameter", "since"));
        TrebuchetException positive =
                new TrebuchetException(ErrorCode.INVALID_REQUEST, "must be positive", Map.of("field", "expiresIn"));
        TrebuchetException name = refusal(() -> new io.trebuchet.auth.TokenRequest(
                "Not A Name", java.util.List.of("ci"), java.util.Optional.empty(), java.util.Optional.empty()));

        assertThat(ErrorSentences.of(since, Map.of("since", "From")))
                .isEqualTo(
                        "From must be a time such as 2026-11-02T10:00:00Z or 2026-11-02T10:00 (UTC), got 'yesterday'.");
        assertThat(ErrorSentences.of(positive, Map.of("expiresIn", "Expires in")))
                .isEqualTo("Expires in must be positive.");
        TrebuchetException taken = new TrebuchetException(
                ErrorCode.INVALID_REQUEST, "a token named 'ci' exists already", Map.of("field", "name"));
        assertThat(ErrorSentences.of(taken, Map.of("name", "Name")))
                .isEqualTo("Name: a token named 'ci' exists already.");
        assertThat(ErrorSentences.of(name, Map.of("name", "Name")))
                .as("a message that names the field in its own words is not prefixed")
                .isEqualTo("A token's name is lower-case letters, digits and dashes, at most 63 characters.");
        assertThat(ErrorSentences.of(taken, Map.of()))
                .as("a field the form does not label stays as the message says it")
                .isEqualTo("A token named 'ci' exists already.");
    }

    @Test
    void codesThatSayNothingToAPersonBecomeWhatToDo() {
        assertThat(ErrorSentences.of(
                        new TrebuchetException(ErrorCode.CROSS_SITE_REQUEST, "cross-site request refused"), Map.of()))
                .isEqualTo("This page is out of date or was sent from another site: reload it and try again.");
        assertThat(ErrorSentences.of(
                        new TrebuchetException(
                                ErrorCode.DEPLOYMENT_BLOCKED,
                                "cart cannot be deployed to dev now: x. Deploy with lockBehavior 'ignore' to go through",
                                Map.of()),
                        Map.of()))
                .doesNotContain("lockBehavior")
                .isEqualTo("Not deployed: a lock or a freeze window stops changes there.");
        assertThat(ErrorSentences.of(
                        new TrebuchetException(
                                ErrorCode.NOT_DEPLOYED,
                                "application cart is not deployed in environment dev",
                                Map.of("application", "cart", "environment", "dev")),
                        Map.of()))
                .isEqualTo("cart does not run in dev (any more): reload to see what runs where.");
        assertThat(ErrorSentences.of(
                        new TrebuchetException(ErrorCode.CONCURRENT_CHANGE, "serialization failure"), Map.of()))
                .isEqualTo("Someone changed this at the same moment: reload the page and try again.");
    }

    @Test
    void aStoredBlockerLosesItsCode() {
        assertThat(ErrorSentences.storedBlocker("ENVIRONMENT_LOCKED: environment lock 'qa' on dev: QA is testing"))
                .isEqualTo("Environment lock 'qa' on dev: QA is testing.");
        assertThat(ErrorSentences.storedBlocker("FREEZE_WINDOW: dev is in a deploy freeze."))
                .isEqualTo("Dev is in a deploy freeze.");
        assertThat(ErrorSentences.storedBlocker("something else")).isEqualTo("Something else.");
    }

    @Test
    void everyCodeGetsASentence() {
        for (ErrorCode code : ErrorCode.values()) {
            String sentence = ErrorSentences.of(new TrebuchetException(code, "something is wrong"), Map.of());

            assertThat(sentence).as(code.name()).doesNotContain(code.name()).matches("[A-Z].*[.?!]");
        }
    }

    private static TrebuchetException refusal(Executable executable) {
        return org.junit.jupiter.api.Assertions.assertThrows(TrebuchetException.class, executable);
    }
}
