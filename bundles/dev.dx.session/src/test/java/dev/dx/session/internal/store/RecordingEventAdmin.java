package dev.dx.session.internal.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** An EventAdmin that keeps what is posted, so tests can check topics, payloads and order. */
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

    List<String> topics() {
        return events.stream().map(Event::getTopic).toList();
    }
}
