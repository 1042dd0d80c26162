package dev.dx.plugin.internal.pkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dx.util.fs.OwnerOnly;

/** Signing and verification, and every way of tampering with a signed package. */
class SignatureTest {
    @TempDir
    Path dir;

    private Keys.KeyPair alice;
    private Keys.KeyPair mallory;
    private Path trust;
    private Path pkg;

    @BeforeEach
    void setUp() throws Exception {
        alice = Keys.generate("alice");
        mallory = Keys.generate("mallory");
        trust = Files.createDirectories(dir.resolve("trusted"));
        Keys.write(alice, dir.resolve("alice.key"), trust.resolve("alice.pub"));
        pkg = Files.createDirectories(dir.resolve("pkg"));
        Files.writeString(pkg.resolve("dx-plugin.json"), "{\"id\":\"echo\",\"version\":\"1.0.0\",\"type\":\"wasm\","
                + "\"entry\":\"plugin.wasm\"}");
        Files.write(pkg.resolve("plugin.wasm"), new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        Files.createDirectories(pkg.resolve("assets"));
        Files.writeString(pkg.resolve("assets/readme.txt"), "hello");
    }

    private Verifier.Verified verify() throws Exception {
        return Verifier.verify(pkg, TrustedKeys.load(trust), PackageLimits.DEFAULT);
    }

    private String refused() {
        return assertThrows(PackageException.class, this::verify).getMessage();
    }

    private static void flipByte(Path f, int index) throws Exception {
        byte[] b = Files.readAllBytes(f);
        b[index] ^= 0x01;
        Files.write(f, b);
    }

    @Test
    void aSignedPackageVerifiesAndKeysRoundTrip() throws Exception {
        Signer.sign(pkg, alice, null, PackageLimits.DEFAULT);
        Verifier.Verified v = verify();
        assertEquals(alice.publicKey().id(), v.keyId());
        assertEquals("alice", v.keyComment());
        Keys.KeyPair read = Keys.readPrivate(dir.resolve("alice.key"));
        assertEquals(alice.publicKey().id(), read.publicKey().id());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("alice.key"))));
        String sig = Files.readString(pkg.resolve("dx-plugin.sig"));
        assertTrue(sig.startsWith("dx-plugin-signature 1\nkey " + alice.publicKey().id() + "\nfile "), sig);
        assertTrue(sig.contains(" assets/readme.txt\n") && sig.contains(" dx-plugin.json\n"), sig);
    }

    @Test
    void aSignedDxpVerifiesOnceUnpacked() throws Exception {
        Path dxp = dir.resolve("echo.dxp");
        Signer.sign(pkg, alice, dxp, PackageLimits.DEFAULT);
        Path out = OwnerOnly.directory(dir.resolve("out"));
        SafeZip.extract(dxp, out, PackageLimits.DEFAULT);
        assertEquals(alice.publicKey().id(), Verifier.verify(out, TrustedKeys.load(trust), PackageLimits.DEFAULT).keyId());
    }

    @Test
    void unsignedIsRefused() {
        assertTrue(refused().contains("not signed"), refused());
    }

    @Test
    void oneFlippedByteInTheManifestIsRefused() throws Exception {
        Signer.sign(pkg, alice, null, PackageLimits.DEFAULT);
        flipByte(pkg.resolve("dx-plugin.json"), 10);
        assertTrue(refused().contains("dx-plugin.json was changed after signing"), refused());
    }

    @Test
    void oneFlippedByteInTheArtifactIsRefused() throws Exception {
        Signer.sign(pkg, alice, null, PackageLimits.DEFAULT);
        flipByte(pkg.resolve("plugin.wasm"), 5);
        assertTrue(refused().contains("plugin.wasm was changed after signing"), refused());
    }

    @Test
    void oneFlippedByteAnywhereInTheSignatureFileIsRefused() throws Exception {
        Signer.sign(pkg, alice, null, PackageLimits.DEFAULT);
        Path sig = pkg.resolve("dx-plugin.sig");
        byte[] good = Files.readAllBytes(sig);
        for (int i = 0; i < good.length; i++) {
            Files.write(sig, good);
            flipByte(sig, i);
            PackageException e = assertThrows(PackageException.class, this::verify, "flipped byte " + i);
            assertTrue(e.getMessage().contains("dx-plugin.sig") || e.getMessage().contains("not trusted"),
                    "byte " + i + ": " + e.getMessage());
        }
    }

    @Test
    void addedAndRemovedFilesAreRefused() throws Exception {
        Signer.sign(pkg, alice, null, PackageLimits.DEFAULT);
        Files.writeString(pkg.resolve("extra.js"), "evil()");
        assertTrue(refused().contains("extra.js is not covered by the signature"), refused());
        Files.delete(pkg.resolve("extra.js"));
        Files.delete(pkg.resolve("assets/readme.txt"));
        assertTrue(refused().contains("assets/readme.txt is signed but missing"), refused());
    }

    @Test
    void aKeyThatIsNotTrustedIsRefused() throws Exception {
        Signer.sign(pkg, mallory, null, PackageLimits.DEFAULT);
        assertTrue(refused().contains("signed by key " + mallory.publicKey().id() + ", which is not trusted"), refused());
    }

    @Test
    void someoneElsesSignatureClaimingATrustedKeyIsRefused() throws Exception {
        String id = alice.publicKey().id();
        var listing = PackageFiles.list(pkg, PackageLimits.DEFAULT);
        byte[] forged = Keys.sign(mallory.privateKey(), SignatureFile.signed(id, listing));
        Files.write(pkg.resolve("dx-plugin.sig"), SignatureFile.render(id, listing, forged));
        assertTrue(refused().contains("does not verify with trusted key " + id), refused());
    }

    @Test
    void aSignatureOfAnotherPackageIsRefused() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("dx-plugin.json"), "{\"id\":\"other\"}");
        Signer.sign(other, alice, null, PackageLimits.DEFAULT);
        Files.copy(other.resolve("dx-plugin.sig"), pkg.resolve("dx-plugin.sig"));
        assertTrue(refused().contains("changed after signing") || refused().contains("not covered"), refused());
    }

    @Test
    void aMalformedSignatureFileIsRefusedClearly() throws Exception {
        Files.writeString(pkg.resolve("dx-plugin.sig"), "hello\n", StandardCharsets.UTF_8);
        assertTrue(refused().contains("dx-plugin.sig is malformed"), refused());
    }

    @Test
    void keyFilesMustBeWhatTheySay() throws Exception {
        PackageException e = assertThrows(PackageException.class, () -> Keys.readPrivate(trust.resolve("alice.pub")));
        assertTrue(e.getMessage().contains("is not a private key"), e.getMessage());
        Files.writeString(trust.resolve("broken.pub"), "ed25519 not-base64!! x\n");
        TrustedKeys keys = TrustedKeys.load(trust);
        assertEquals(1, keys.keys().size());
        assertEquals(1, keys.problems().size(), keys.problems().toString());
    }
}
