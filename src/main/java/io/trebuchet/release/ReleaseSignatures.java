package io.trebuchet.release;

import io.trebuchet.auth.Signatures;
import io.trebuchet.core.EnvName;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks Kuberpult's {@code signatures[<env>]} of a release request, each a detached PGP signature of that
 * environment's manifest, before anything is stored. Pure: the keyring and the environments that require signatures
 * come with {@link Signatures}.
 */
public final class ReleaseSignatures {
    private ReleaseSignatures() {}

    /**
     * @param names an environment's names that may require signatures: its own and its group's
     */
    public static void check(Signatures signatures, ReleaseRequest request, Function<EnvName, Set<String>> names) {
        request.manifests()
                .forEach((EnvName environment, Manifest manifest) -> signatures.check(
                        "the manifest of %s for %s".formatted(request.application(), environment),
                        names.apply(environment),
                        manifest.content(),
                        manifest.signature(),
                        "signatures[" + environment + "]"));
    }
}
