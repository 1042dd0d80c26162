package dev.dx.gateway.internal.rpc;

import java.util.List;

/** The event subscriptions of one WebSocket connection. */
public interface EventSink {
    /** Adds topic patterns; returns all patterns now subscribed. */
    List<String> subscribe(List<String> patterns);

    /** Removes topic patterns, or all when {@code patterns} is empty; returns what remains. */
    List<String> unsubscribe(List<String> patterns);
}
