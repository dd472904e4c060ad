package io.trebuchet.release;

import io.trebuchet.auth.Signatures;
import io.trebuchet.core.EnvName;
import java.util.Set;

/**
 * Checks Kuberpult's {@code signatures[<env>]} of a release request, each a detached PGP signature of that
 * environment's manifest, before anything is stored. Pure: the keyring and the environments that require signatures
 * come with {@link Signatures}.
 */
public final class ReleaseSignatures {
    private ReleaseSignatures() {}

    public static void check(Signatures signatures, ReleaseRequest request) {
        request.manifests()
                .forEach((EnvName environment, Manifest manifest) -> signatures.check(
                        "the manifest of %s for %s".formatted(request.application(), environment),
                        Set.of(environment.value()),
                        manifest.content(),
                        manifest.signature(),
                        "signatures[" + environment + "]"));
    }
}
