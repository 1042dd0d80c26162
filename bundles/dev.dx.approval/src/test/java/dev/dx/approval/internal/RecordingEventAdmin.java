package dev.dx.approval.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.dx.api.event.Topics;

/** An EventAdmin that keeps what was posted, for tests that check the events. */
final class RecordingEventAdmin implements EventAdmin {
    final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void postEvent(Event event) {
        events.add(event);
    }

    @Override
    public void sendEvent(Event event) {
        events.add(event);
    }

    /** @return the payloads posted on {@code topic}, oldest first */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> payloads(String topic) {
        return events.stream().filter(e -> e.getTopic().equals(topic))
                .map(e -> (Map<String, Object>) e.getProperty(Topics.PAYLOAD)).toList();
    }
}
