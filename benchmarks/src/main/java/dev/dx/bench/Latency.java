package dev.dx.bench;

import java.util.Arrays;
import java.util.Collection;

/**
 * Exact latency percentiles over all samples of a run. Percentiles use the nearest-rank definition: p99 is the
 * smallest sample with at least 99 % of all samples at or below it, so it is always a latency that was measured.
 */
final class Latency {
    private final long[] sorted;

    private Latency(long[] sorted) {
        this.sorted = sorted;
    }

    static Latency of(Collection<Samples> parts) {
        long total = 0;
        for (Samples s : parts) {
            total += s.size();
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(total + " samples do not fit one array; shorten the run");
        }
        long[] all = new long[(int) total];
        int off = 0;
        for (Samples s : parts) {
            off = s.copyTo(all, off);
        }
        Arrays.sort(all);
        return new Latency(all);
    }

    static Latency of(long... nanos) {
        long[] copy = nanos.clone();
        Arrays.sort(copy);
        return new Latency(copy);
    }

    int count() {
        return sorted.length;
    }

    /**
     * @param percent in (0, 100], with at most four decimals (99.99)
     * @return the nearest-rank percentile in nanoseconds, 0 when there are no samples
     */
    long percentile(double percent) {
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + percent);
        }
        if (sorted.length == 0) {
            return 0;
        }
        // Integer arithmetic: 99.9 / 100 * 1000 is 999.0000000000001 in doubles, and its ceiling would skip a rank.
        long perMillion = Math.round(percent * 10_000);
        long rank = (perMillion * sorted.length + 999_999) / 1_000_000;
        return sorted[(int) Math.max(0, rank - 1)];
    }

    long max() {
        return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
    }

    long min() {
        return sorted.length == 0 ? 0 : sorted[0];
    }
}
