package dev.dx.plugin.script.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.dx.api.plugin.Deadline;
import dev.dx.api.plugin.PluginException;
import dev.dx.api.plugin.PluginHost;

/**
 * The host callbacks a script plugin calls as JSON-RPC requests from its process: {@code dx.kv.get},
 * {@code dx.kv.set}, {@code dx.http} (and {@code dx.log}). Each goes to the {@link PluginHost}, which checks the
 * plugin's permissions; a refusal is an error response whose {@code data.kind} says why, so the runner can turn
 * it into an exception with the right code.
 */
final class Bridge {
    private Bridge() {
    }

    /** @return the response to one request from the plugin */
    static JsonNode answer(PluginHost host, JsonNode request, Deadline deadline) {
        JsonNode id = request.get("id");
        JsonNode params = request.path("params");
        try {
            ObjectNode result = NodeProcess.JSON.createObjectNode();
            switch (request.path("method").asText()) {
                case "dx.kv.get" -> {
                    byte[] v = host.kvGet(text(params, "key"));
                    result.put("value", v == null ? null : new String(v, StandardCharsets.UTF_8));
                }
                case "dx.kv.set" -> {
                    JsonNode v = params.path("value");
                    host.kvSet(text(params, "key"), v.isTextual() ? v.asText().getBytes(StandardCharsets.UTF_8)
                            : null);
                }
                case "dx.http" -> {
                    return response(id).set("result", NodeProcess.JSON.readTree(host.http(params.toString(),
                            deadline)));
                }
                case "dx.log" -> log(host, params);
                default -> {
                    return error(id, PluginException.Code.INVALID, "the host has no method '"
                            + request.path("method").asText() + "'");
                }
            }
            return response(id).set("result", result);
        } catch (PluginException e) {
            return error(id, e.code(), e.getMessage());
        } catch (IOException e) {
            return error(id, PluginException.Code.INVALID, "the host's answer is not JSON");
        }
    }

    static void log(PluginHost host, JsonNode params) {
        PluginHost.Level level;
        try {
            level = PluginHost.Level.valueOf(params.path("level").asText("info").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            level = PluginHost.Level.INFO;
        }
        host.log(level, params.path("message").asText(""));
    }

    private static String text(JsonNode params, String key) {
        JsonNode v = params.get(key);
        if (v == null || !v.isTextual()) {
            throw new PluginException(PluginException.Code.INVALID, key + " must be a string");
        }
        return v.asText();
    }

    private static ObjectNode response(JsonNode id) {
        ObjectNode r = NodeProcess.JSON.createObjectNode().put("jsonrpc", "2.0");
        r.set("id", id);
        return r;
    }

    static ObjectNode error(JsonNode id, PluginException.Code kind, String message) {
        ObjectNode r = response(id);
        ObjectNode e = r.putObject("error").put("code", -32001).put("message", message);
        e.putObject("data").put("kind", kind.name());
        return r;
    }
}
