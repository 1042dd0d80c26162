package dev.dx.agent.internal.run;

import java.time.Duration;
import java.util.List;

import dev.dx.agent.internal.AgentSettings;
import dev.dx.api.model.ModelListener;
import dev.dx.api.model.ModelMessage;
import dev.dx.api.model.ModelRequest;
import dev.dx.api.session.Message;
import dev.dx.api.session.NewMessage;
import dev.dx.api.session.Role;
import dev.dx.api.session.SessionStore;

/**
 * Keeps a conversation within the agent's context budget: the older part is summarised by the model into a summary
 * entry, and the entries it replaces are marked compacted (they stay in the database). The cut always falls at the
 * start of a user turn, so a tool call is never separated from its result.
 */
public final class Compactor {
    static final String INSTRUCTIONS = "You write a summary of a conversation so that it can go on without the "
            + "original messages. Keep facts, decisions, open tasks, names, numbers, file paths and the user's "
            + "preferences; drop pleasantries. Write it in the conversation's language, as short notes.";
    /** Share of the context budget the kept (unsummarised) tail may use. */
    static final double KEEP = 0.3;
    static final int MAX_TOOL_TEXT = 600;

    private final SessionStore store;
    private final ModelCaller models;

    public Compactor(SessionStore store, ModelCaller models) {
        this.store = store;
        this.models = models;
    }

    /** @return whether the context plus system prompt is past the agent's compaction threshold */
    public static boolean needed(AgentSettings agent, int contextTokens) {
        return contextTokens > (long) agent.contextTokens() * agent.compactAtPercent() / 100;
    }

    /**
     * Summarises the older part of the live context.
     *
     * @return whether anything was compacted (nothing is when the conversation is a single turn)
     */
    public boolean compact(AgentSettings agent, String key, List<Message> context, ModelCaller.Hooks hooks) {
        int cut = cut(context, (int) (agent.contextTokens() * KEEP));
        if (cut <= 0) {
            return false;
        }
        StringBuilder transcript = new StringBuilder();
        for (Message m : context.subList(0, cut)) {
            transcript.append(line(m)).append('\n');
        }
        ModelRequest req = new ModelRequest("", INSTRUCTIONS,
                List.of(ModelMessage.user(transcript + "\nWrite the summary now.")), List.of(),
                Math.min(2048, agent.maxOutputTokens() * 2), "off", Duration.ofMillis(agent.modelTimeoutMs()));
        String summary = models.call(agent, req, new ModelListener() { }, hooks).response().text();
        if (summary == null || summary.isBlank()) {
            return false;
        }
        Message stored = store.append(key, NewMessage.summary(summary.strip()));
        store.markCompacted(key, context.get(cut - 1).seq(), stored.seq());
        return true;
    }

    /**
     * Where the kept tail starts: the earliest user message such that the tail fits in {@code keepTokens}, but never
     * the first entry (something must be summarised).
     */
    static int cut(List<Message> context, int keepTokens) {
        int tokens = 0;
        int cut = -1;
        for (int i = context.size() - 1; i > 0; i--) {
            Message m = context.get(i);
            tokens += m.tokens() > 0 ? m.tokens() : (m.text() == null ? 16 : m.text().length() / 4 + 4);
            if (m.role() == Role.USER) {
                if (tokens > keepTokens && cut > 0) {
                    break;
                }
                cut = i;
            }
        }
        return cut;
    }

    private static String line(Message m) {
        switch (m.role()) {
            case USER:
                return "User: " + m.text();
            case ASSISTANT:
                return "Assistant: " + m.text();
            case SUMMARY:
                return "Earlier summary: " + m.text();
            case TOOL_CALL:
                return "Assistant called " + m.toolCall().name() + " " + trim(String.valueOf(m.toolCall().arguments()));
            case TOOL_RESULT:
                return "Tool " + m.toolCall().name() + (m.toolCall().error() ? " failed: " : " returned: ") + trim(m.text());
            default:
                return "System: " + m.text();
        }
    }

    private static String trim(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= MAX_TOOL_TEXT ? s : s.substring(0, MAX_TOOL_TEXT) + " …";
    }
}
