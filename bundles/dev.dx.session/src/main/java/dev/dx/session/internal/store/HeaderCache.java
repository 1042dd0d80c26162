package dev.dx.session.internal.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The most recently used session headers. Writers update it only after their transaction committed, so it never holds
 * anything that is not on disk. A reader that loaded a header from the database offers it with the write epoch it
 * started at; if any write committed in between, the offer is ignored, so a slow reader cannot put back a stale
 * header over a newer one (or over a deletion).
 */
final class HeaderCache {
    private final LinkedHashMap<String, Header> entries = new LinkedHashMap<>(64, 0.75f, true);
    private int capacity;
    private long epoch;

    HeaderCache(int capacity) {
        this.capacity = capacity;
    }

    synchronized Header get(String key) {
        return entries.get(key);
    }

    /** @return the epoch to pass to {@link #offer} after reading from the database */
    synchronized long epoch() {
        return epoch;
    }

    /** Caches a header read from the database, unless a write committed since {@code readEpoch}. */
    synchronized void offer(Header h, long readEpoch) {
        if (readEpoch == epoch) {
            entries.putIfAbsent(h.key(), h);
            trim();
        }
    }

    /** Records a committed change to a header. */
    synchronized void committed(Header h) {
        epoch++;
        entries.put(h.key(), h);
        trim();
    }

    /** Records a committed deletion, or a change whose new header is not at hand. */
    synchronized void invalidate(String key) {
        epoch++;
        entries.remove(key);
    }

    synchronized void clear() {
        epoch++;
        entries.clear();
    }

    synchronized void resize(int newCapacity) {
        capacity = newCapacity;
        trim();
    }

    synchronized int size() {
        return entries.size();
    }

    private void trim() {
        var it = entries.entrySet().iterator();
        while (entries.size() > capacity && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    @Override
    public synchronized String toString() {
        return "HeaderCache" + Map.of("size", entries.size(), "capacity", capacity);
    }
}
