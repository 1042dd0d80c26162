package dev.dx.plugin.internal.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugins' values in dx.db: per plugin, durable, within their limits. */
class DatabaseKvStoreTest {
    @TempDir
    Path dir;

    @Test
    void valuesArePerPluginAndSurviveAReopen() {
        try (KvStore kv = TestKv.open(dir.resolve("dx.db"))) {
            kv.put("a", "k", new byte[] {1, 2});
            kv.put("b", "k", new byte[] {3});
            kv.put("a", "k", new byte[] {4});
            assertEquals(1, kv.count("a"));
        }
        try (KvStore kv = TestKv.open(dir.resolve("dx.db"))) {
            assertArrayEquals(new byte[] {4}, kv.get("a", "k"));
            assertArrayEquals(new byte[] {3}, kv.get("b", "k"));
            kv.delete("a", "k");
            assertNull(kv.get("a", "k"));
            kv.deleteAll("b");
            assertEquals(0, kv.count("b"));
        }
    }

    @Test
    void limitsAreKeptAndARefusedWriteStoresNothing() {
        try (KvStore kv = TestKv.open(dir.resolve("dx.db"))) {
            KvStore.KvException big = assertThrows(KvStore.KvException.class,
                    () -> kv.put("a", "k", new byte[KvStore.MAX_VALUE_BYTES + 1]));
            assertTrue(big.tooLarge());
            byte[] chunk = new byte[KvStore.MAX_VALUE_BYTES];
            long fits = KvStore.MAX_PLUGIN_BYTES / chunk.length;
            for (int i = 0; i < fits; i++) {
                kv.put("a", "k" + i, chunk);
            }
            KvStore.KvException full = assertThrows(KvStore.KvException.class, () -> kv.put("a", "one-more", chunk));
            assertTrue(full.tooLarge() && full.getMessage().contains("delete keys first"), full.getMessage());
            assertNull(kv.get("a", "one-more"));
            kv.put("a", "k0", new byte[10]); // replacing a value counts the new size only
            kv.put("b", "k", chunk); // another plugin has its own budget
        }
    }
}
