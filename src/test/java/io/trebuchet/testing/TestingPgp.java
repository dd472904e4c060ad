package io.trebuchet.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Date;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;

/** A PGP signer as a CI job has one: its public keyring to configure, and detached armored signatures. */
public final class TestingPgp {
    private final PGPKeyPair keys;
    private final String publicKeyring;

    private TestingPgp(PGPKeyPair keys, String publicKeyring) {
        this.keys = keys;
        this.publicKeyring = publicKeyring;
    }

    @SuppressWarnings("JavaUtilDate") // BouncyCastle takes the key's creation time as a Date
    public static TestingPgp generate(String userId) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            PGPKeyPair keys =
                    new JcaPGPKeyPair(PublicKeyPacket.VERSION_4, PublicKeyAlgorithmTags.RSA_GENERAL, pair, new Date());
            PGPKeyRingGenerator rings = new PGPKeyRingGenerator(
                    PGPSignature.POSITIVE_CERTIFICATION,
                    keys,
                    userId,
                    new JcaPGPDigestCalculatorProviderBuilder().build().get(HashAlgorithmTags.SHA1),
                    null,
                    null,
                    new JcaPGPContentSignerBuilder(PublicKeyAlgorithmTags.RSA_GENERAL, HashAlgorithmTags.SHA256),
                    null);
            ByteArrayOutputStream armored = new ByteArrayOutputStream();
            try (ArmoredOutputStream out = new ArmoredOutputStream(armored)) {
                rings.generatePublicKeyRing().encode(out);
            }
            return new TestingPgp(keys, armored.toString(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException | PGPException e) {
            throw new IllegalStateException("cannot generate a PGP key", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The armored public keyring, as {@code gpg --armor --export} writes it. */
    public String publicKeyring() {
        return publicKeyring;
    }

    public Path writeKeyring(Path directory) {
        try {
            return Files.writeString(directory.resolve("keyring.asc"), publicKeyring);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A detached armored signature of {@code content}, as {@code gpg --armor --detach-sign} makes it. */
    public String sign(String content) {
        try {
            PGPSignatureGenerator generator = new PGPSignatureGenerator(
                    new JcaPGPContentSignerBuilder(PublicKeyAlgorithmTags.RSA_GENERAL, HashAlgorithmTags.SHA256),
                    keys.getPublicKey());
            generator.init(PGPSignature.BINARY_DOCUMENT, keys.getPrivateKey());
            generator.update(content.getBytes(StandardCharsets.UTF_8));
            ByteArrayOutputStream armored = new ByteArrayOutputStream();
            try (ArmoredOutputStream out = new ArmoredOutputStream(armored)) {
                generator.generate().encode(out);
            }
            return armored.toString(StandardCharsets.US_ASCII);
        } catch (PGPException e) {
            throw new IllegalStateException("cannot sign", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
