package dev.dx.secrets.internal.store;

import static dev.dx.secrets.internal.store.Fixture.PASSWORD;
import static dev.dx.secrets.internal.store.Fixture.fails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.secrets.SecretStore.State;
import dev.dx.secrets.internal.crypto.Argon2Params;
import dev.dx.secrets.internal.crypto.Keys;
import dev.dx.secrets.internal.store.Fixture.Region;

/** Every way of damaging the file is refused: no plaintext comes out and the damaged file is never overwritten. */
class TamperTest {
    @TempDir
    Path dir;

    private Path file;
    private byte[] good;

    @BeforeEach
    void createStore() throws IOException {
        file = dir.resolve("secrets.store");
        Vault v = new Fixture().vault(file);
        v.unlock(PASSWORD);
        v.set("anthropic.key", "sk-test-anthropic-0001".toCharArray());
        v.set("discord.token", "sk-test-discordxx-0002".toCharArray());
        v.set("openai.key", "sk-test-openaixxx-0003".toCharArray());
        v.lock();
        good = Files.readAllBytes(file);
    }

    /** Writes {@code bad} as the store and checks that a fresh store refuses it and leaves it as it is. */
    private RpcException refused(byte[] bad, String what) throws IOException {
        Files.write(file, bad);
        Vault v = new Fixture().vault(file);
        RpcException e = assertThrows(RpcException.class, () -> v.unlock(PASSWORD), what);
        assertEquals(ErrorCode.UNAVAILABLE, e.error(), what + ": " + e.getMessage());
        assertTrue(e.getMessage().contains("cannot be trusted"), what + ": " + e.getMessage());
        assertFalse(e.getMessage().contains("sk-test") || e.getMessage().contains(dir.toString()), e.getMessage());
        assertEquals(State.LOCKED, v.state(), what);
        fails(ErrorCode.UNAVAILABLE, () -> v.get("openai.key"));
        fails(ErrorCode.UNAVAILABLE, () -> v.set("openai.key", "new".toCharArray()));
        assertTrue(v.status().get("problems").toString().contains("cannot be trusted"), what);
        assertArrayEquals(bad, Files.readAllBytes(file), what + ": the file is left as it was");
        return e;
    }

    @Test
    void theUntouchedFileOpens() {
        assertEquals(Optional.of("sk-test-openaixxx-0003"), Fixture.opened(file).get("openai.key"));
    }

    @Test
    void aFlippedBitAnywhereIsRefusedAndNeverTakenForAWrongPassword() throws IOException {
        List<String> regions = new ArrayList<>();
        for (Region r : Fixture.layout(good)) {
            regions.add(r.name());
            for (int i = r.from(); i < r.to(); i++) {
                byte[] bad = good.clone();
                bad[i] ^= (byte) (1 << (i % 8));
                refused(bad, r.name() + " byte " + i);
            }
        }
        for (String must : new String[] {"magic", "salt", "header crc", "key check", "entry count", "entry 0 nonce",
            "entry 1 ciphertext", "entry 2 tag", "entry 2 name", "file mac"}) {
            assertTrue(regions.contains(must), must);
        }
    }

    @Test
    void aTruncatedOrExtendedFileIsRefused() throws IOException {
        int n = good.length;
        for (int length : new int[] {0, 1, 4, 20, 40, 41, 72, 73, 76, 77, 78, 100, n / 2, n - 33, n - 32, n - 16, n - 1}) {
            refused(Arrays.copyOf(good, length), "truncated to " + length);
        }
        refused(Arrays.copyOf(good, n + 1), "one byte appended");
    }

    @Test
    void swappedEntriesAreRefused() throws IOException {
        List<Region> l = Fixture.layout(good);
        int e0 = start(l, "entry 0 name length");
        int e1 = start(l, "entry 1 name length");
        int e2 = start(l, "entry 2 name length");
        byte[] bad = new byte[good.length];
        ByteBuffer.wrap(bad).put(good, 0, e0).put(good, e1, e2 - e1).put(good, e0, e1 - e0).put(good, e2, n() - e2);
        refused(bad, "entries 0 and 1 swapped");
    }

    @Test
    void aRemovedEntryIsRefused() throws IOException {
        List<Region> l = Fixture.layout(good);
        int e1 = start(l, "entry 1 name length");
        int e2 = start(l, "entry 2 name length");
        byte[] bad = new byte[good.length - (e2 - e1)];
        ByteBuffer.wrap(bad).put(good, 0, e1).put(good, e2, n() - e2);
        ByteBuffer.wrap(bad).putInt(73, 2);
        refused(bad, "entry 1 removed and the count fixed");
    }

    @Test
    void valuesSwappedBetweenNamesAreRefusedEvenWithARecomputedFileMac() throws IOException {
        List<Region> l = Fixture.layout(good);
        int v0 = start(l, "entry 0 nonce");
        int v1 = start(l, "entry 1 nonce");
        int length = start(l, "entry 0 tag") + 16 - v0;
        assertEquals(length, start(l, "entry 1 tag") + 16 - v1, "the test values have equal lengths");
        assertArrayEquals(good, withValidMacs(good), "recomputing the MACs alone changes nothing");
        byte[] bad = good.clone();
        System.arraycopy(good, v0, bad, v1, length);
        System.arraycopy(good, v1, bad, v0, length);
        refused(withValidMacs(bad), "values of entries 0 and 1 swapped by someone holding the MAC key");
    }

    @Test
    void aForgedHeaderCanNeitherDowngradeNorBombTheKeyDerivation() throws IOException {
        refused(withHeaderInt(8, Argon2Params.MAX_MEMORY_KIB + 1), "memory above the cap");
        refused(withHeaderInt(8, 128), "memory below the floor");
        refused(withHeaderInt(12, Argon2Params.MAX_ITERATIONS + 1), "iterations above the cap");
        refused(withHeaderInt(16, 0), "no lanes");
        // A valid but different cost is indistinguishable from a wrong password (the key differs): refused all the same.
        byte[] forged = withHeaderInt(12, 2);
        Files.write(file, forged);
        fails(ErrorCode.UNAUTHORIZED, () -> new Fixture().vault(file).unlock(PASSWORD));
        assertArrayEquals(forged, Files.readAllBytes(file));
    }

    @Test
    void anEmptyFileIsNotANewStore() throws IOException {
        refused(new byte[0], "empty file");
        assertEquals(State.LOCKED, new Fixture().vault(file).state());
    }

    @Test
    void aFileChangedWhileUnlockedIsNeverOverwritten() throws IOException {
        Vault v = Fixture.opened(file);
        byte[] bad = good.clone();
        bad[start(Fixture.layout(good), "entry 1 ciphertext")] ^= 1;
        Files.write(file, bad);
        RpcException e = fails(ErrorCode.CONFLICT, () -> v.set("new.key", "sk-test-new".toCharArray()));
        assertTrue(e.getMessage().contains("secrets:lock") && e.getMessage().contains("secrets:unlock"), e.getMessage());
        fails(ErrorCode.CONFLICT, () -> v.delete("openai.key"));
        fails(ErrorCode.CONFLICT, () -> v.changePassword(PASSWORD, "another password".toCharArray()));
        assertTrue(v.status().get("problems").toString().contains("changed on disk"));
        assertArrayEquals(bad, Files.readAllBytes(file));
        assertEquals(Optional.of("sk-test-openaixxx-0003"), v.get("openai.key"), "values verified at unlock still read");

        v.lock();
        fails(ErrorCode.UNAVAILABLE, () -> v.unlock(PASSWORD));
        fails(ErrorCode.UNAVAILABLE, () -> v.set("new.key", "sk-test-new".toCharArray()));
        assertArrayEquals(bad, Files.readAllBytes(file));

        Files.write(file, good); // the owner restores the backup
        v.unlock(PASSWORD);
        assertEquals(List.of(), v.status().get("problems"));
        v.set("new.key", "sk-test-new".toCharArray());
        assertEquals(Optional.of("sk-test-discordxx-0002"), Fixture.opened(file).get("discord.token"));
    }

    private int n() {
        return good.length;
    }

    private static int start(List<Region> layout, String name) {
        return layout.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow().from();
    }

    /** Re-signs a file the way only a holder of the password could: key check and file MAC. */
    private static byte[] withValidMacs(byte[] file) {
        byte[] out = file.clone();
        try {
            Header h = Header.decode(out, Fixture.FAST);
            Keys keys = h.derive(PASSWORD);
            byte[] header = Arrays.copyOf(out, Header.SIZE);
            System.arraycopy(keys.mac(StoreFormat.CHECK_LABEL, header), 0, out, Header.SIZE, Keys.MAC_BYTES);
            int macAt = out.length - Keys.MAC_BYTES;
            byte[] mac = keys.mac(StoreFormat.FILE_LABEL, StoreFormat.macInput(out, macAt));
            System.arraycopy(mac, 0, out, macAt, Keys.MAC_BYTES);
            return out;
        } catch (CorruptStoreException e) {
            throw new AssertionError(e);
        }
    }

    /** Changes a header field and fixes the CRC, as a deliberate forger would. */
    private byte[] withHeaderInt(int offset, int value) {
        byte[] out = good.clone();
        ByteBuffer.wrap(out).putInt(offset, value);
        CRC32C crc = new CRC32C();
        crc.update(out, 0, Header.SIZE - 4);
        ByteBuffer.wrap(out).putInt(Header.SIZE - 4, (int) crc.getValue());
        return out;
    }
}
