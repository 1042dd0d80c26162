package dev.dx.provider.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.dx.api.model.ModelInfo;

/** Well-known models of the hosted APIs, so models.list and context limits work without listing them by hand. */
final class KnownModels {
    private static final Map<String, ModelInfo> INFO = Map.ofEntries(
            info("claude-sonnet-4-5", 200_000, 64_000),
            info("claude-opus-4-1", 200_000, 32_000),
            info("claude-haiku-4-5", 200_000, 64_000),
            info("claude-sonnet-4-0", 200_000, 64_000),
            info("claude-3-7-sonnet-latest", 200_000, 64_000),
            info("claude-3-5-haiku-latest", 200_000, 8_192),
            info("gpt-5", 400_000, 128_000),
            info("gpt-5-mini", 400_000, 128_000),
            info("gpt-5-nano", 400_000, 128_000),
            info("gpt-4.1", 1_047_576, 32_768),
            info("gpt-4.1-mini", 1_047_576, 32_768),
            info("gpt-4o", 128_000, 16_384),
            info("gpt-4o-mini", 128_000, 16_384),
            info("o3", 200_000, 100_000),
            info("o4-mini", 200_000, 100_000));
    private static final List<String> ANTHROPIC = List.of("claude-sonnet-4-5", "claude-opus-4-1", "claude-haiku-4-5");
    private static final List<String> OPENAI = List.of("gpt-5", "gpt-5-mini", "gpt-4.1", "gpt-4o", "o3", "o4-mini");

    private KnownModels() {
    }

    private static Map.Entry<String, ModelInfo> info(String id, int context, int output) {
        return Map.entry(id, new ModelInfo(id, context, output));
    }

    /** @return the configured ids with what is known about them, or the type's defaults when none are configured */
    static List<ModelInfo> forType(ProviderType type, String[] configured) {
        List<String> ids = configured != null && configured.length > 0 ? List.of(configured)
                : type == ProviderType.ANTHROPIC ? ANTHROPIC
                : type == ProviderType.OPENAI || type == ProviderType.OPENAI_RESPONSES ? OPENAI : List.of();
        List<ModelInfo> out = new ArrayList<>();
        for (String id : ids) {
            String m = id.strip();
            if (!m.isEmpty()) {
                out.add(INFO.getOrDefault(m, new ModelInfo(m, 0, 0)));
            }
        }
        return List.copyOf(out);
    }
}
