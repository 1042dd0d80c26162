package dev.dx.util.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

class UlidTest {
    @Test
    void keysAreCanonicalAndCarryTheirTime() {
        long before = System.currentTimeMillis();
        String k = new Ulid().next();
        long after = System.currentTimeMillis();
        assertEquals(26, k.length());
        assertTrue(k.matches("[0-7][0-9A-HJKMNP-TV-Z]{25}"), k);
        assertTrue(Ulid.isValid(k));
        long t = Ulid.millis(k);
        assertTrue(t >= before && t <= after, t + " in [" + before + ", " + after + "]");
    }

    @Test
    void keysSortInTheOrderTheyWereMadeEvenWithinOneMillisecond() {
        Ulid ulid = new Ulid();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            keys.add(ulid.next());
        }
        for (int i = 1; i < keys.size(); i++) {
            assertTrue(keys.get(i - 1).compareTo(keys.get(i)) < 0, keys.get(i - 1) + " < " + keys.get(i));
        }
        assertEquals(keys.size(), new HashSet<>(keys).size());
        assertTrue(keys.stream().map(Ulid::millis).distinct().count() < keys.size(), "many shared a millisecond");
    }

    @Test
    void encodingMatchesTheSpecification() {
        assertEquals("00000000000000000000000000", Ulid.encode(0, 0, 0));
        assertEquals("7ZZZZZZZZZZZZZZZZZZZZZZZZZ", Ulid.encode((1L << 48) - 1, 0xFFFF, -1L));
        // 1469918176385 ms is 01ARYZ6S41 in the specification's example
        assertEquals("01ARYZ6S41", Ulid.encode(1469918176385L, 0, 0).substring(0, 10));
        assertEquals("0000000000000000000000000Z", Ulid.encode(0, 0, 31));
        assertEquals("00000000000000000000000010", Ulid.encode(0, 0, 32));
        assertEquals("0000000000000G000000000000", Ulid.encode(0, 1, 0), "bit 64 = 16 * 32^12");
    }

    @Test
    void onlyCanonicalKeysAreValid() {
        for (String bad : new String[] {null, "", "../../etc/passwd", "01ARZ3NDEKTSV4RRFFQ69G5FA",
                "01ARZ3NDEKTSV4RRFFQ69G5FAVX", "01arz3ndektsv4rrffq69g5fav", "01ARZ3NDEKTSV4RRFFQ69G5FAI",
                "01ARZ3NDEKTSV4RRFFQ69G5FAL", "01ARZ3NDEKTSV4RRFFQ69G5FAO", "01ARZ3NDEKTSV4RRFFQ69G5FAU",
                "8ZZZZZZZZZZZZZZZZZZZZZZZZZ", "01ARZ3NDEKTSV4RRFFQ69G5F/V", "01ARZ3NDEKTSV4RRFFQ69G5F V"}) {
            assertFalse(Ulid.isValid(bad), String.valueOf(bad));
        }
        assertTrue(Ulid.isValid("01ARZ3NDEKTSV4RRFFQ69G5FAV"));
    }
}
