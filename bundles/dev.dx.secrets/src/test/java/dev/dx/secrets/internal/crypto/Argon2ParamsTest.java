package dev.dx.secrets.internal.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Argon2ParamsTest {
    @Test
    void productionParametersRefuseLessThan64MiB() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Argon2Params.of(65_535, 3, 2));
        assertTrue(e.getMessage().contains("argon2MemoryKiB"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Argon2Params.of(1024, 3, 2));
        assertThrows(IllegalArgumentException.class, () -> Argon2Params.of(Argon2Params.MAX_MEMORY_KIB + 1, 3, 2));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Argon2Params.of(65_536, 0, 2)).getMessage()
                .contains("argon2Iterations"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Argon2Params.of(65_536, 3, 17)).getMessage()
                .contains("argon2Parallelism"));
        Argon2Params p = Argon2Params.of(65_536, 3, 2);
        assertEquals(65_536, p.memoryKiB());
    }

    @Test
    void productionParametersRefuseWeakerOrMonstrousHeaders() {
        Argon2Params p = Argon2Params.of(65_536, 3, 2);
        assertTrue(p.accepts(65_536, 1, 1));
        assertTrue(p.accepts(262_144, 4, 4), "a stronger store opens");
        assertFalse(p.accepts(65_535, 3, 2), "no downgrade below 64 MiB");
        assertFalse(p.accepts(Argon2Params.MAX_MEMORY_KIB + 1, 3, 2), "no memory bomb");
        assertFalse(p.accepts(65_536, Argon2Params.MAX_ITERATIONS + 1, 2), "no time bomb");
        assertFalse(p.accepts(65_536, 3, 0));
    }

    @Test
    void onlyTheTestFactoryAllowsSmallMemory() {
        Argon2Params fast = Argon2Params.forTests(64, 1, 1);
        assertEquals(64, fast.memoryKiB());
        assertTrue(fast.accepts(64, 1, 1));
        assertFalse(fast.accepts(32, 1, 1));
    }
}
