package dev.dx.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class LatencyTest {

    @Test
    void nearestRankOnOneToThousand() {
        long[] v = new long[1000];
        for (int i = 0; i < v.length; i++) {
            v[v.length - 1 - i] = i + 1; // reversed: the percentiles must not depend on the order recorded
        }
        Latency l = Latency.of(v);
        assertEquals(500, l.percentile(50));
        assertEquals(900, l.percentile(90));
        assertEquals(990, l.percentile(99));
        // 99.9 % of 1000 is rank 999 exactly; floating point alone would round it up to 1000.
        assertEquals(999, l.percentile(99.9));
        assertEquals(1000, l.percentile(100));
        assertEquals(1000, l.max());
        assertEquals(1, l.min());
    }

    @Test
    void smallSamplesRoundTheRankUp() {
        Latency l = Latency.of(30, 10, 20);
        assertEquals(10, l.percentile(33.3));
        assertEquals(20, l.percentile(50));
        assertEquals(30, l.percentile(99.9));
        assertEquals(10, Latency.of(10).percentile(0.01));
    }

    @Test
    void mergesThreadsAndGrowsPastTheInitialCapacity() {
        Samples a = new Samples(16);
        Samples b = new Samples(16);
        for (int i = 1; i <= 100; i++) {
            (i % 2 == 0 ? a : b).add(i);
        }
        Latency l = Latency.of(List.of(a, b));
        assertEquals(100, l.count());
        assertEquals(50, l.percentile(50));
        assertEquals(99, l.percentile(99));
        assertEquals(100, l.max());
    }

    @Test
    void emptyRunsReportZeroAndBadPercentilesAreRefused() {
        assertEquals(0, Latency.of().percentile(99));
        assertEquals(0, Latency.of().max());
        assertThrows(IllegalArgumentException.class, () -> Latency.of(1).percentile(0));
        assertThrows(IllegalArgumentException.class, () -> Latency.of(1).percentile(100.5));
    }
}
