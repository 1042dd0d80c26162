package dev.dx.provider.internal.codec;

import java.util.Locale;

/** Maps DX's thinking level to what a model supports: an Anthropic thinking budget or an OpenAI reasoning effort. */
final class Reasoning {
    private Reasoning() {
    }

    /** @return the thinking budget in tokens, or 0 when off or the model has no extended thinking */
    static int anthropicBudget(String level, String model) {
        String m = model == null ? "" : model.toLowerCase(Locale.ROOT);
        boolean thinks = m.startsWith("claude-3-7") || m.startsWith("claude-")
                && !m.startsWith("claude-3") && !m.startsWith("claude-2") && !m.startsWith("claude-instant");
        if (!thinks) {
            return 0;
        }
        return switch (level == null ? "off" : level) {
            case "minimal" -> 1024;
            case "low" -> 2048;
            case "medium" -> 8192;
            case "high" -> 24_576;
            default -> 0;
        };
    }

    /** @return {@code minimal}, {@code low}, {@code medium} or {@code high}, or {@code null} to send none */
    static String openAiEffort(String level, String model) {
        String m = model == null ? "" : model.toLowerCase(Locale.ROOT);
        m = m.substring(m.lastIndexOf('/') + 1);
        boolean gpt5 = m.startsWith("gpt-5");
        if (!gpt5 && !m.matches("o\\d.*")) {
            return null;
        }
        return switch (level == null ? "off" : level) {
            case "minimal" -> gpt5 ? "minimal" : "low";
            case "low", "medium", "high" -> level;
            default -> null;
        };
    }
}
