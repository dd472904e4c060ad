package io.trebuchet.auth;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Kuberpult's signed requests, checked against the configured keyring before anything is stored: a release's
 * {@code signatures[<env>]} over that environment's manifest, a lock's signature over {@code <env><lockId>} (or
 * {@code <group><lockId>}), an environment deletion's over the environment's name, an environment's creation over its
 * config. A signature that is given is always checked when there is a keyring; a missing one is refused only where
 * signatures are required ({@code --require-signatures}: environments, groups, or {@code *} for all, which is what
 * Kuberpult does once its keyring is set).
 */
public final class Signatures {
    public static final String ALL = "*";
    public static final Signatures NONE = new Signatures(Optional.empty(), Set.of());

    private final Optional<PgpKeyring> keyring;
    private final Set<String> required;

    public Signatures(Optional<PgpKeyring> keyring, Set<String> required) {
        this.keyring = requireNonNull(keyring, "keyring is null");
        this.required = Set.copyOf(requireNonNull(required, "required is null"));
        if (keyring.isEmpty() && !this.required.isEmpty()) {
            throw new IllegalArgumentException("signatures are required for " + this.required
                    + " but no keyring is configured to check them (--pgp-keyring)");
        }
    }

    public Optional<PgpKeyring> keyring() {
        return keyring;
    }

    public Set<String> required() {
        return required;
    }

    /** Whether a request about {@code names} (an environment and its group, or a group) must be signed. */
    public boolean requiredFor(Set<String> names) {
        return required.contains(ALL) || names.stream().anyMatch(required::contains);
    }

    /**
     * Checks the signature of {@code what} ({@code content}, as text), refusing a bad one and a missing one where
     * {@code names} require it.
     *
     * @param field where the signature comes from, for the error: {@code signatures[prod]}, {@code signature}
     */
    public void check(String what, Set<String> names, String content, Optional<String> signature, String field) {
        Optional<String> given = signature.filter(text -> !text.isBlank());
        if (given.isEmpty()) {
            if (requiredFor(names)) {
                throw new TrebuchetException(
                        ErrorCode.SIGNATURE_REQUIRED,
                        "%s must be signed: send a detached armored PGP signature of it as %s (signatures are required"
                                        .formatted(what, field)
                                + " for %s)".formatted(String.join(", ", names)),
                        Map.of("field", field));
            }
            return;
        }
        if (keyring.isEmpty()) {
            // Without a keyring a signature cannot be checked; it is ignored as before, and as Kuberpult ignores it.
            return;
        }
        PgpKeyring.Verdict verdict = keyring.get().verify(content.getBytes(StandardCharsets.UTF_8), given.get());
        if (verdict != PgpKeyring.Verdict.VALID) {
            throw PgpKeyring.refusal(verdict, what, field);
        }
    }
}
