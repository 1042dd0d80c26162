package dev.dx.agent.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.dx.api.event.Topics;

/** Publishes what runs do as EventAdmin events, which the gateway relays to subscribed clients. */
@Component(service = AgentEvents.class)
public final class AgentEvents {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    void delta(Run run, String delta) {
        run.streamed(delta);
        post(Topics.CHAT_DELTA, base(run, "delta").with("delta", delta));
    }

    void reset(Run run, String reason) {
        post(Topics.CHAT_DELTA, base(run, "delta").with("reset", true).with("reason", reason));
    }

    void fin(Run run, String text, String model, long in, long out) {
        post(Topics.CHAT_FINAL, base(run, "final").with("text", text).with("model", model)
                .with("usage", Map.of("inputTokens", in, "outputTokens", out)));
    }

    void error(Run run, String state, String code, String message) {
        post(Topics.CHAT_ERROR, base(run, state).with("error", Map.of("code", code, "message", message)));
    }

    void phase(Run run, String phase) {
        post(Topics.AGENT_RUN, base(run, null).with("agentId", run.agentId()).with("phase", phase));
    }

    void tool(Run run, String callId, String name, String phase, Boolean error, Long durationMs) {
        Payload p = base(run, null).with("callId", callId).with("name", name).with("phase", phase);
        if (error != null) {
            p.with("error", error);
        }
        if (durationMs != null) {
            p.with("durationMs", durationMs);
        }
        post(Topics.AGENT_TOOL, p);
    }

    private static Payload base(Run run, String state) {
        Payload p = new Payload();
        p.with("runId", run.id()).with("sessionKey", run.sessionKey()).with("routingKey", run.routingKey());
        if (state != null) {
            p.with("state", state);
        }
        return p;
    }

    // Synchronous delivery: a run's events come from different threads (queued from the caller, the rest from the
    // run), and clients must see them in the order they happened. The gateway's handler only queues, so it is quick.
    private void post(String topic, Payload payload) {
        EventAdmin ea = eventAdmin;
        if (ea != null) {
            ea.sendEvent(new Event(topic, Map.of(Topics.PAYLOAD, payload.map)));
        }
    }

    /** A payload under construction. */
    private static final class Payload {
        final Map<String, Object> map = new LinkedHashMap<>();

        Payload with(String k, Object v) {
            map.put(k, v);
            return this;
        }
    }
}
