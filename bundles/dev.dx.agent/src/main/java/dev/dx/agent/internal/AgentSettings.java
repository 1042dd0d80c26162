package dev.dx.agent.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An agent's configuration, checked and resolved once per change.
 *
 * @param id          the agent id
 * @param models      the model chain, primary first ({@code provider/model})
 * @param workspace   the absolute workspace folder
 * @param allow       tool allowlist (empty: all)
 * @param deny        tool denylist
 * @param skills      skill allowlist (empty: all eligible)
 * @param thinking    reasoning effort
 * @param contextTokens context budget
 * @param compactAtPercent compaction threshold in percent of the budget
 * @param maxOutputTokens output cap per model call
 * @param maxToolRounds model calls per turn
 * @param toolTimeoutMs deadline of one tool call
 * @param modelTimeoutMs deadline of one model call
 * @param bindings    inbound routes
 * @param instructions extra system prompt text
 */
public record AgentSettings(String id, List<String> models, Path workspace, Set<String> allow, Set<String> deny,
        Set<String> skills, String thinking, int contextTokens, int compactAtPercent, int maxOutputTokens,
        int maxToolRounds, long toolTimeoutMs, long modelTimeoutMs, List<String> bindings, String instructions) {

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    /**
     * @param c    the configuration
     * @param name the factory configuration's name, used when {@code id} is empty
     * @throws IllegalArgumentException naming the key at fault
     */
    static AgentSettings of(AgentConfig c, String name) {
        String id = c.id().isBlank() ? name : c.id().strip();
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Agent id '" + id + "' (key 'id' or the file name) must match "
                    + ID.pattern());
        }
        List<String> models = new ArrayList<>();
        models.add(c.model().strip());
        for (String f : c.fallbackModels()) {
            if (!f.isBlank()) {
                models.add(f.strip());
            }
        }
        for (String m : models) {
            if (!m.matches("[A-Za-z0-9_.-]+/\\S+")) {
                throw new IllegalArgumentException("Model '" + m + "' of agent " + id + " must be written provider/model, "
                        + "e.g. anthropic/claude-sonnet-4-5");
            }
        }
        Path workspace = c.workspace().isBlank()
                ? Paths.get(System.getProperty("karaf.home", "."), "workspace", id)
                : Paths.get(c.workspace().strip());
        return new AgentSettings(id, List.copyOf(models), workspace.toAbsolutePath().normalize(),
                Set.of(c.toolsAllow()), Set.of(c.toolsDeny()), Set.of(c.skills()), c.thinking(), c.contextTokens(),
                c.compactAtPercent(), c.maxOutputTokens(), c.maxToolRounds(), c.toolTimeoutMs(), c.modelTimeoutMs(),
                List.of(c.bindings()), c.instructions());
    }

    /** @return whether this agent may use the tool */
    public boolean allows(String tool) {
        return !deny.contains(tool) && (allow.isEmpty() || allow.contains(tool));
    }
}
