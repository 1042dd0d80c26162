package dev.dx.api.tool;

import java.nio.file.Path;
import java.util.Map;

/**
 * One call of a tool by an agent.
 *
 * @param callId     the call id the model gave
 * @param agentId    the calling agent
 * @param sessionKey the session the call belongs to
 * @param runId      the agent run
 * @param workspace  the agent's workspace folder, the only place file tools may touch
 * @param arguments  the arguments as the model sent them (JSON-ready); tools must validate them
 * @since 0.1
 */
public record ToolInvocation(String callId, String agentId, String sessionKey, String runId, Path workspace,
        Map<String, Object> arguments) {
}
