package dev.dx.gateway.internal.event;

import java.util.Collection;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.event.Topics;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.rpc.Scope;
import dev.dx.gateway.internal.metrics.GatewayMetrics;
import dev.dx.gateway.internal.rpc.Dispatcher;
import dev.dx.gateway.internal.transport.ConnectionRegistry;
import dev.dx.gateway.internal.transport.WsConnection;

/**
 * Relays DX events from EventAdmin to subscribed WebSocket clients. The payload is serialised once per event; each
 * connection only queues the text, so a slow client never holds up EventAdmin or the others.
 */
@Component(service = EventHandler.class, property = EventConstants.EVENT_TOPIC + "=" + Topics.ALL)
public final class EventRelay implements EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(EventRelay.class);

    @Reference
    private ConnectionRegistry registry;
    @Reference
    private Dispatcher dispatcher;
    @Reference
    private GatewayMetrics metrics;

    @Override
    public void handleEvent(Event event) {
        Collection<WsConnection> connections = registry.connections();
        if (connections.isEmpty()) {
            return;
        }
        String topic = event.getTopic();
        String payload;
        try {
            payload = dispatcher.codec().write(event.getProperty(Topics.PAYLOAD));
        } catch (RpcException e) {
            LOG.warn("Event {} not relayed: its payload cannot be written as JSON", topic, e.getCause());
            return;
        }
        String topicJson = dispatcher.codec().write(topic);
        Scope required = requiredScope(topic);
        for (WsConnection c : connections) {
            if (c.event(topic, topicJson, payload, required)) {
                metrics.eventSent();
            }
        }
    }

    /** Approval requests go to approvers only; secret and configuration changes to administrators only. */
    static Scope requiredScope(String topic) {
        if (topic.startsWith("dx/approval/")) {
            return Scope.APPROVALS;
        }
        if (topic.startsWith("dx/secrets/") || topic.startsWith("dx/config/")) {
            return Scope.ADMIN;
        }
        return Scope.READ;
    }
}
