package io.trebuchet.auth;

import static java.util.Objects.requireNonNull;

import io.trebuchet.core.ErrorCode;
import io.trebuchet.core.TrebuchetException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * The public keys whose detached PGP signatures Trebuchet accepts, read from an armored (or binary) keyring as
 * Kuberpult reads {@code KUBERPULT_PGP_KEY_RING_PATH}: {@code gpg --armor --export} of the signers' keys.
 */
public final class PgpKeyring {
    private final PGPPublicKeyRingCollection keys;

    private PgpKeyring(PGPPublicKeyRingCollection keys) {
        this.keys = keys;
    }

    public static PgpKeyring load(Path file) {
        requireNonNull(file, "file is null");
        try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(file))) {
            PgpKeyring keyring = new PgpKeyring(new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator()));
            if (keyring.keys.size() == 0) {
                throw new IllegalArgumentException("the PGP keyring " + file + " has no keys");
            }
            return keyring;
        } catch (IOException | PGPException e) {
            throw new IllegalArgumentException("cannot read the PGP keyring " + file + ": " + e.getMessage(), e);
        }
    }

    public int size() {
        return keys.size();
    }

    /** What checking a signature found. */
    public enum Verdict {
        VALID,
        /** No signature in it was made by a key of the keyring (Kuberpult's "unknown issuer"). */
        UNKNOWN_SIGNER,
        /** Made by a key of the keyring, but not over this content. */
        MISMATCH,
        /** Not a PGP signature at all. */
        MALFORMED
    }

    /** Checks an armored (or binary) detached signature of {@code content}. */
    public Verdict verify(byte[] content, String signature) {
        requireNonNull(content, "content is null");
        requireNonNull(signature, "signature is null");
        PGPSignatureList list;
        try (InputStream in =
                PGPUtil.getDecoderStream(new ByteArrayInputStream(signature.getBytes(StandardCharsets.UTF_8)))) {
            Object object = new BcPGPObjectFactory(in).nextObject();
            if (object instanceof PGPCompressedData compressed) {
                object = new BcPGPObjectFactory(compressed.getDataStream()).nextObject();
            }
            if (!(object instanceof PGPSignatureList signatures)) {
                return Verdict.MALFORMED;
            }
            list = signatures;
        } catch (IOException | PGPException | RuntimeException e) {
            return Verdict.MALFORMED;
        }
        Verdict verdict = Verdict.UNKNOWN_SIGNER;
        for (PGPSignature candidate : list) {
            try {
                PGPPublicKey key = keys.getPublicKey(candidate.getKeyID());
                if (key == null) {
                    continue;
                }
                candidate.init(new BcPGPContentVerifierBuilderProvider(), key);
                candidate.update(content);
                if (candidate.verify()) {
                    return Verdict.VALID;
                }
                verdict = Verdict.MISMATCH;
            } catch (PGPException | RuntimeException e) {
                verdict = Verdict.MISMATCH;
            }
        }
        return verdict;
    }

    static TrebuchetException refusal(Verdict verdict, String what, String field) {
        String why = switch (verdict) {
            case VALID -> throw new IllegalArgumentException("a valid signature is no refusal");
            case UNKNOWN_SIGNER -> "it was not made by a key of the configured keyring";
            case MISMATCH -> "it does not match the signed content (or was made over other content)";
            case MALFORMED -> "it is not an armored PGP signature";
        };
        return new TrebuchetException(
                ErrorCode.SIGNATURE_INVALID,
                "the signature of %s (%s) is invalid: %s".formatted(what, field, why),
                java.util.Map.of("field", field));
    }
}
