package dev.dx.agent.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import dev.dx.agent.internal.skills.Skill;
import dev.dx.api.model.ModelMessage;
import dev.dx.api.model.ModelToolCall;
import dev.dx.api.session.Message;
import dev.dx.api.session.Role;

/**
 * Builds what the model sees: a system prompt from the agent's workspace files (with size caps), the eligible
 * skills and the latest compaction summary, and the conversation turned into provider-neutral messages.
 */
final class PromptBuilder {
    /** Workspace files read into the system prompt, in this order. */
    static final List<String> FILES = List.of("IDENTITY.md", "SOUL.md", "AGENTS.md", "USER.md", "MEMORY.md");
    static final int MAX_FILE_CHARS = 20_000;
    static final int MAX_TOTAL_CHARS = 60_000;
    /** Meta key of an assistant entry holding the provider's opaque state (e.g. signed thinking blocks). */
    static final String PROVIDER_STATE = "providerState";

    private PromptBuilder() {
    }

    static String system(AgentSettings agent, List<Skill> skills, String summary) {
        StringBuilder sb = new StringBuilder();
        sb.append("You are a personal assistant running on your user's own machine through DX. ")
                .append("Answer in the user's language, be concise, and use tools when they help. ")
                .append("Your workspace is ").append(agent.workspace()).append(".\n")
                .append("Current time: ").append(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME))
                .append('\n');
        int budget = MAX_TOTAL_CHARS;
        for (String f : FILES) {
            String text = read(agent.workspace().resolve(f), Math.min(MAX_FILE_CHARS, budget));
            if (text != null && !text.isBlank()) {
                sb.append("\n## ").append(f).append("\n").append(text.strip()).append('\n');
                budget -= text.length();
            }
        }
        if (!skills.isEmpty()) {
            sb.append("\n## Skills\nWhen a task matches a skill, read its SKILL.md with the read tool first.\n");
            for (Skill s : skills) {
                sb.append("- ").append(s.name()).append(": ").append(s.description()).append(" (").append(s.path())
                        .append(")\n");
            }
        }
        if (summary != null) {
            sb.append("\n## Earlier in this conversation (summary)\n").append(summary.strip()).append('\n');
        }
        if (!agent.instructions().isBlank()) {
            sb.append('\n').append(agent.instructions().strip()).append('\n');
        }
        return sb.toString();
    }

    /** Reads a workspace file if it is a regular file inside the workspace (not a symlink), up to {@code max} chars. */
    private static String read(Path file, int max) {
        if (max <= 0 || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8);
            return s.length() > max ? s.substring(0, max) + "\n[… cut at " + max + " characters]" : s;
        } catch (IOException e) {
            return null;
        }
    }

    /** @return the text of the latest summary among the live entries, or {@code null} */
    static String summary(List<Message> context) {
        String s = null;
        for (Message m : context) {
            if (m.role() == Role.SUMMARY) {
                s = m.text();
            }
        }
        return s;
    }

    /**
     * Turns live transcript entries into model messages: an assistant text and the tool calls after it form one
     * assistant message; tool results follow; consecutive user messages (follow-ups after a failed turn) merge.
     */
    static List<ModelMessage> messages(List<Message> context) {
        List<ModelMessage> out = new ArrayList<>();
        String pendingText = null;
        String pendingState = null;
        List<ModelToolCall> pendingCalls = new ArrayList<>();
        for (Message m : context) {
            switch (m.role()) {
                case ASSISTANT -> {
                    flush(out, pendingText, pendingCalls, pendingState);
                    pendingText = m.text() == null || m.text().isEmpty() ? null : m.text();
                    pendingState = m.meta() == null ? null : (String) m.meta().get(PROVIDER_STATE);
                    pendingCalls = new ArrayList<>();
                }
                case TOOL_CALL -> pendingCalls.add(new ModelToolCall(m.toolCall().id(), m.toolCall().name(),
                        m.toolCall().arguments() == null ? java.util.Map.of() : m.toolCall().arguments()));
                case TOOL_RESULT -> {
                    flush(out, pendingText, pendingCalls, pendingState);
                    pendingText = null;
                    pendingState = null;
                    pendingCalls = new ArrayList<>();
                    out.add(ModelMessage.toolResult(m.toolCall().id(), m.text() == null ? "" : m.text(),
                            m.toolCall().error()));
                }
                case USER -> {
                    flush(out, pendingText, pendingCalls, pendingState);
                    pendingText = null;
                    pendingState = null;
                    pendingCalls = new ArrayList<>();
                    ModelMessage last = out.isEmpty() ? null : out.get(out.size() - 1);
                    if (last != null && last.role() == ModelMessage.Role.USER) {
                        out.set(out.size() - 1, ModelMessage.user(last.text() + "\n\n" + m.text()));
                    } else {
                        out.add(ModelMessage.user(m.text()));
                    }
                }
                default -> {
                    // SYSTEM and SUMMARY entries go into the system prompt
                }
            }
        }
        flush(out, pendingText, pendingCalls, pendingState);
        return out;
    }

    private static void flush(List<ModelMessage> out, String text, List<ModelToolCall> calls, String state) {
        if (text != null || !calls.isEmpty()) {
            out.add(ModelMessage.assistant(text, calls, state));
        }
    }

    /** A cheap token estimate: about four characters a token. */
    static int tokens(String s) {
        return s == null ? 0 : (s.length() + 3) / 4;
    }

    static int tokens(List<Message> context) {
        int t = 0;
        for (Message m : context) {
            t += m.tokens() > 0 ? m.tokens() : tokens(m.text()) + (m.toolCall() != null ? 16 : 4);
        }
        return t;
    }
}
