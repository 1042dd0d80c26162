package dev.dx.secrets.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.function.Executable;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;
import dev.dx.secrets.internal.crypto.Argon2Params;

/** Shared pieces of the store tests: fast Argon2, a controllable clock, recorded events, the file layout. */
final class Fixture {
    /** Weak on purpose: unit tests derive keys hundreds of times. Production refuses these. */
    static final Argon2Params FAST = Argon2Params.forTests(256, 1, 1);
    static final char[] PASSWORD = "correct horse battery".toCharArray();

    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    final List<String> events = new CopyOnWriteArrayList<>();
    final Throttle throttle;

    Fixture() {
        this(new Throttle.Policy(1_000_000, 1, 1));
    }

    Fixture(Throttle.Policy policy) {
        throttle = new Throttle(policy, clock::get);
    }

    Vault vault(Path file) {
        return vault(new AtomicFile(file));
    }

    Vault vault(AtomicFile file) {
        return new Vault(file, FAST, throttle, new VaultListener() {
            @Override
            public void unlocked() {
                events.add("unlocked");
            }

            @Override
            public void locked() {
                events.add("locked");
            }

            @Override
            public void changed(String name, String action) {
                events.add(action + " " + name);
            }
        });
    }

    /** A fresh store object on an existing file, unlocked with {@link #PASSWORD}. */
    static Vault opened(Path file) {
        Vault v = new Fixture().vault(file);
        v.unlock(PASSWORD);
        return v;
    }

    static RpcException fails(ErrorCode code, Executable call) {
        RpcException e = assertThrows(RpcException.class, call);
        assertEquals(code, e.error(), e.getMessage());
        return e;
    }

    /** A named byte range of a store file. */
    record Region(String name, int from, int to) {
    }

    /** Walks a store file by the documented layout (independently of {@link StoreFormat}) and names every byte. */
    static List<Region> layout(byte[] file) {
        List<Region> r = new ArrayList<>();
        r.add(new Region("magic", 0, 4));
        r.add(new Region("version", 4, 6));
        r.add(new Region("kdf id and Argon2 version", 6, 8));
        r.add(new Region("argon2 memory", 8, 12));
        r.add(new Region("argon2 iterations", 12, 16));
        r.add(new Region("argon2 parallelism", 16, 20));
        r.add(new Region("salt length", 20, 21));
        r.add(new Region("salt", 21, 37));
        r.add(new Region("header crc", 37, 41));
        r.add(new Region("key check", 41, 73));
        r.add(new Region("entry count", 73, 77));
        ByteBuffer b = ByteBuffer.wrap(file);
        int count = b.getInt(73);
        int at = 77;
        for (int i = 0; i < count; i++) {
            int nameLength = Byte.toUnsignedInt(file[at]);
            r.add(new Region("entry " + i + " name length", at, at + 1));
            r.add(new Region("entry " + i + " name", at + 1, at + 1 + nameLength));
            at += 1 + nameLength;
            r.add(new Region("entry " + i + " nonce", at, at + 12));
            at += 12;
            int sealed = b.getInt(at);
            r.add(new Region("entry " + i + " sealed length", at, at + 4));
            at += 4;
            r.add(new Region("entry " + i + " ciphertext", at, at + sealed - 16));
            r.add(new Region("entry " + i + " tag", at + sealed - 16, at + sealed));
            at += sealed;
        }
        r.add(new Region("file mac", at, at + 32));
        assertEquals(file.length, at + 32, "the layout covers the whole file");
        return r;
    }
}
