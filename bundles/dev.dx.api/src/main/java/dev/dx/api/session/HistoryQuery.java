package dev.dx.api.session;

/**
 * Which transcript entries {@link SessionStore#history} returns, in sequence order.
 *
 * @param afterSeq         entries with seq greater than this (0 for the start)
 * @param limit            page size, 1..10000
 * @param includeCompacted whether entries replaced by a summary are included
 * @since 0.1
 */
public record HistoryQuery(long afterSeq, int limit, boolean includeCompacted) {
    /** @return the first page of everything, compacted entries included */
    public static HistoryQuery all() {
        return new HistoryQuery(0, 1000, true);
    }
}
