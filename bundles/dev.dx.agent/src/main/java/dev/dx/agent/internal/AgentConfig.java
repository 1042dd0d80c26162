package dev.dx.agent.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** One agent, factory PID {@code dev.dx.agent} ({@code etc/dev.dx.agent-<id>.cfg}). */
@ObjectClassDefinition(name = "DX Agent", description = "An agent: its model chain, workspace, tools and limits")
public @interface AgentConfig {
    /** The factory PID. */
    String PID = "dev.dx.agent";

    @AttributeDefinition(name = "Id", description = "The agent id used in routing keys (agent:<id>:...); empty: the "
            + "configuration's name")
    String id() default "";

    @AttributeDefinition(name = "Model", description = "provider/model, e.g. anthropic/claude-sonnet-4-5")
    String model() default "anthropic/claude-sonnet-4-5";

    @AttributeDefinition(name = "Fallback models", description = "Tried in order for a turn when the model fails "
            + "with rate limits, overload or server errors")
    String[] fallbackModels() default {};

    @AttributeDefinition(name = "Workspace", description = "Folder with AGENTS.md, SOUL.md, USER.md, IDENTITY.md, "
            + "MEMORY.md and skills/; empty: ${karaf.home}/workspace/<id>")
    String workspace() default "";

    @AttributeDefinition(name = "Allowed tools", description = "Tool names this agent may use; empty: all tools")
    String[] toolsAllow() default {};

    @AttributeDefinition(name = "Denied tools", description = "Tool names this agent may never use (wins over allow)")
    String[] toolsDeny() default {};

    @AttributeDefinition(name = "Skills", description = "Skill names this agent may use; empty: every eligible skill")
    String[] skills() default {};

    @AttributeDefinition(name = "Thinking", description = "Reasoning effort where the model supports it",
            options = {@Option(value = "off"), @Option(value = "low"), @Option(value = "medium"), @Option(value = "high")})
    String thinking() default "off";

    @AttributeDefinition(name = "Context tokens", description = "The context budget; compaction keeps the "
            + "conversation within it", min = "2000")
    int contextTokens() default 100_000;

    @AttributeDefinition(name = "Compact at", description = "Percent of the context budget at which older turns are "
            + "summarised", min = "10", max = "95")
    int compactAtPercent() default 80;

    @AttributeDefinition(name = "Max output tokens", min = "16")
    int maxOutputTokens() default 4096;

    @AttributeDefinition(name = "Max tool rounds", description = "Model calls per turn before the turn stops",
            min = "1", max = "200")
    int maxToolRounds() default 24;

    @AttributeDefinition(name = "Tool timeout", description = "Milliseconds one tool call may take", min = "100")
    long toolTimeoutMs() default 120_000;

    @AttributeDefinition(name = "Model timeout", description = "Milliseconds one model call may take, retries "
            + "included", min = "1000")
    long modelTimeoutMs() default 300_000;

    @AttributeDefinition(name = "Bindings", description = "Inbound routes this agent answers, most specific wins: "
            + "channel, channel:account, channel:account:peer or group (e.g. telegram:bot1:dm:12345)")
    String[] bindings() default {};

    @AttributeDefinition(name = "Extra instructions", description = "Appended to the system prompt")
    String instructions() default "";
}
