package dev.dx.session.internal.store;

import java.util.Map;
import java.util.function.Supplier;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.event.Topics;
import dev.dx.api.session.Session;

/**
 * Posts {@code dx/session/*} events. Called after the commit, under the write lock, so events leave in commit order;
 * {@code postEvent} only queues, so the lock is not held up. Without EventAdmin nothing is posted and storage goes on.
 */
final class SessionEvents {
    private static final Logger LOG = LoggerFactory.getLogger(SessionEvents.class);

    private final Supplier<EventAdmin> admin;

    SessionEvents(Supplier<EventAdmin> admin) {
        this.admin = admin;
    }

    void created(Session s) {
        post(Topics.SESSION_CREATED, s);
    }

    void updated(Session s) {
        post(Topics.SESSION_UPDATED, s);
    }

    void deleted(String key) {
        post(Topics.SESSION_DELETED, Map.of("key", key));
    }

    void messages(String key, long fromSeq, long toSeq) {
        post(Topics.SESSION_MESSAGES, Map.of("key", key, "fromSeq", fromSeq, "toSeq", toSeq,
                "count", toSeq - fromSeq + 1));
    }

    private void post(String topic, Object payload) {
        EventAdmin ea = admin.get();
        if (ea == null) {
            return;
        }
        try {
            ea.postEvent(new Event(topic, Map.of(Topics.PAYLOAD, payload)));
        } catch (RuntimeException e) {
            // EventAdmin going away while we post; the change itself is stored
            LOG.debug("Event {} not posted: {}", topic, e.toString());
        }
    }
}
