package dev.dx.plugin.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.dx.api.hook.HookVerdict;
import dev.dx.api.plugin.PluginException;
import dev.dx.api.tool.ToolResult;

/**
 * The JSON that crosses the plugin boundary (documented in {@code dev.dx.api.plugin}): inputs are written here,
 * outputs read and checked here, so every runtime sees the same shapes.
 */
final class Envelopes {
    /** Immutable once configured; shared. */
    static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private static final String ALLOW = "{\"veto\":false}";

    private Envelopes() {
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON-ready: " + e.getOriginalMessage(), e);
        }
    }

    static JsonNode read(String output, String export) {
        try {
            JsonNode n = JSON.readTree(output);
            if (n == null || !n.isObject()) {
                throw invalid(export, "it is not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw invalid(export, "it is not valid JSON");
        }
    }

    static ToolResult tool(String output, String export) {
        JsonNode n = read(output, export);
        JsonNode content = n.get("content");
        if (content == null || !content.isTextual()) {
            throw invalid(export, "a tool answers {\"content\": \"...\"}");
        }
        Map<String, Object> details = n.has("details") ? map(n.get("details")) : Map.of();
        return new ToolResult(content.asText(), n.path("error").asBoolean(false), details);
    }

    static HookVerdict hook(String output, String export) {
        if (ALLOW.equals(output)) {
            return HookVerdict.allow(); // the answer to nearly every hook call, without building a tree for it
        }
        JsonNode n = read(output, export);
        if (!n.path("veto").isBoolean()) {
            throw invalid(export, "a hook answers {\"veto\": true|false, \"reason\": \"...\"}");
        }
        return n.get("veto").asBoolean() ? HookVerdict.veto(n.path("reason").asText(null)) : HookVerdict.allow();
    }

    /** A method's answer: {@code {"result": ...}}, or {@code {"error": {"code", "message"}}}. */
    record MethodResult(Object result, String errorCode, String errorMessage) {
    }

    static MethodResult method(String output, String export) {
        JsonNode n = read(output, export);
        if (n.has("error")) {
            JsonNode e = n.get("error");
            return new MethodResult(null, e.path("code").asText("INTERNAL_ERROR"), e.path("message").asText("failed"));
        }
        if (!n.has("result")) {
            throw invalid(export, "a method answers {\"result\": ...} or {\"error\": {\"code\", \"message\"}}");
        }
        return new MethodResult(JSON.convertValue(n.get("result"), Object.class), null, null);
    }

    static Map<String, Object> map(JsonNode n) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = n.isObject() ? JSON.convertValue(n, LinkedHashMap.class) : Map.of("value",
                JSON.convertValue(n, Object.class));
        return m;
    }

    private static PluginException invalid(String export, String why) {
        return new PluginException(PluginException.Code.INVALID, "the output of " + export + " is not valid: " + why);
    }
}
