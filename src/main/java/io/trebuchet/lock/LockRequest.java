package io.trebuchet.lock;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.StorableTime;
import io.trebuchet.core.TrebuchetException;
import io.trebuchet.core.VisibleText;
import io.trebuchet.schedule.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What a caller asks for when putting a lock: a message (required), and optionally a CI link, an expiry (a time or a
 * duration from now), a suggested lifetime, and a recurring window outside which the lock does not apply.
 */
// Kuberpult's clients send a lock's PGP signature in the body; the API checks it before the lock is read (see
// api.AccessControl), so that the lock itself ignores it.
@JsonIgnoreProperties({"signature"})
public record LockRequest(
        String message,
        Optional<String> ciLink,
        Optional<Instant> expiresAt,
        Optional<String> expiresIn,
        @JsonAlias("suggestedLifeTime") Optional<String> suggestedLifetime,
        Optional<LockSchedule> schedule) {
    public static final int MAX_MESSAGE = 4096;

    public LockRequest {
        if (message == null || message.isBlank()) {
            throw invalid("message", "is missing: a lock needs a message that says why");
        }
        if (message.length() > MAX_MESSAGE) {
            throw invalid("message", "is longer than %d characters".formatted(MAX_MESSAGE));
        }
        VisibleText.lines(message, ErrorCode.INVALID_LOCK, "message");
        ciLink = ciLink == null ? Optional.empty() : ciLink;
        expiresAt = expiresAt == null ? Optional.empty() : expiresAt;
        expiresIn = expiresIn == null ? Optional.empty() : expiresIn;
        suggestedLifetime = suggestedLifetime == null ? Optional.empty() : suggestedLifetime;
        schedule = schedule == null ? Optional.empty() : schedule;
        ciLink.ifPresent(link -> {
            if (link.length() > 2048 || !(link.startsWith("https://") || link.startsWith("http://"))) {
                throw invalid("ciLink", "must be an http(s) URL of at most 2048 characters");
            }
            VisibleText.line(link, ErrorCode.INVALID_LOCK, "ciLink");
        });
        expiresAt.ifPresent(instant -> StorableTime.check(instant, "expiresAt"));
        if (expiresAt.isPresent() && expiresIn.isPresent()) {
            throw invalid("expiresIn", "give either expiresAt or expiresIn, not both");
        }
        expiresIn.ifPresent(text -> Durations.parse(text, "expiresIn"));
        suggestedLifetime.ifPresent(text -> Durations.parse(text, "suggestedLifetime"));
    }

    public static LockRequest of(String message) {
        return new LockRequest(
                message, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The expiry as an instant, a duration counting from {@code now}. */
    Optional<Instant> expiry(Instant now) {
        return expiresAt.or(() -> expiresIn.map(text -> now.plus(Durations.parse(text, "expiresIn"))));
    }

    Optional<Duration> lifetime() {
        return suggestedLifetime.map(text -> Durations.parse(text, "suggestedLifetime"));
    }

    private static TrebuchetException invalid(String field, String message) {
        return new TrebuchetException(ErrorCode.INVALID_LOCK, field + " " + message, Map.of("field", field));
    }
}
