package io.trebuchet.gitexport;

import io.trebuchet.audit.Event;
import io.trebuchet.core.AppName;
import io.trebuchet.core.EnvName;
import io.trebuchet.core.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * A short fingerprint of one stored event, written beside its id into the commit that exports it. Ids alone cannot
 * tell whether the store's event 105 is the one git was exported from: after a restore from a backup, or with a second
 * installation pushing to the same branch, another event can carry the same id.
 */
final class EventDigest {
    private static final int HEX_CHARACTERS = 16;

    private EventDigest() {}

    static String of(Event event) {
        String canonical = String.join(
                "\n",
                Long.toString(event.id()),
                // Both stores keep microseconds.
                event.time().truncatedTo(ChronoUnit.MICROS).toString(),
                event.kind().name(),
                event.application().map(AppName::value).orElse(""),
                event.environment().map(EnvName::value).orElse(""),
                event.actor().name(),
                event.actor().email(),
                Json.write(event.payload()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HEX_CHARACTERS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
