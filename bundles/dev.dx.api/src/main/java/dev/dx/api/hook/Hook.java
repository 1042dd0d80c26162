package dev.dx.api.hook;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Called at fixed points with a JSON-ready description of what is about to happen. Register it as a service with
 * the property {@value #POINTS} listing the points it wants. Hooks run in service ranking order; the first veto
 * wins. A hook that throws or does not answer in time is treated as allowing (and reported by its provider), so a
 * broken hook never stops the gateway.
 *
 * @since 0.1
 */
@ConsumerType
public interface Hook {
    /** Service property: the points this hook handles (String or String[]). */
    String POINTS = "dx.hook.points";
    /** A user message is about to reach an agent; event: agentId, sessionKey, routingKey, text. */
    String MESSAGE_INBOUND = "message.inbound";
    /** An agent's answer is about to be delivered; event: agentId, sessionKey, routingKey, runId, text. */
    String MESSAGE_OUTBOUND = "message.outbound";
    /** An agent is about to run a tool; event: agentId, sessionKey, runId, tool, callId, arguments. */
    String TOOL_BEFORE = "tool.before";

    /**
     * @param point one of the constants above
     * @param event what is about to happen
     * @return allow or veto
     */
    HookVerdict handle(String point, Map<String, Object> event);
}
