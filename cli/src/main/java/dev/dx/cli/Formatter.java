package dev.dx.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns gateway answers into text: pretty JSON, and short human summaries for {@code status}, {@code methods} and
 * {@code health}. Fields the gateway does not send are shown as {@code ?} rather than failing, so an older or newer
 * gateway still prints.
 */
final class Formatter {
    private static final String NL = System.lineSeparator();

    private final ObjectMapper json;

    Formatter(ObjectMapper json) {
        this.json = Objects.requireNonNull(json, "json must not be null");
    }

    /** @return the value as indented JSON ({@code "ok" : true}) */
    String json(JsonNode value) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // a tree read from JSON always writes back; this would be a bug, not a user error
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** @return {@code error: <message> (<data.code>)}, plus when to retry if the gateway said so */
    static String error(JsonNode error) {
        String message = error.path("message").asText("no message");
        JsonNode data = error.path("data");
        String code = data.path("code").isTextual() ? data.path("code").asText() : error.path("code").asText("?");
        String s = "error: " + message + " (" + code + ")";
        long retry = data.path("retryAfterMs").asLong(0);
        if (retry > 0) {
            s += "; retry in " + Math.max(1, (retry + 999) / 1000) + " s";
        }
        return s;
    }

    /** @return the {@code status} result as a few lines and a bundle table */
    String status(JsonNode r) {
        JsonNode gw = r.path("gateway");
        JsonNode jvm = r.path("jvm");
        StringBuilder sb = new StringBuilder();
        sb.append("DX ").append(text(r.path("version"))).append(", up ").append(duration(r.path("uptimeMs").asLong(-1)))
                .append(NL);
        sb.append("Gateway:     ").append(text(gw.path("url"))).append(NL);
        sb.append("Connections: ").append(text(gw.path("connections"))).append(" WebSocket").append(NL);
        sb.append("Methods:     ").append(text(gw.path("methods"))).append(NL);
        if (jvm.isObject()) {
            sb.append("Java:        ").append(text(jvm.path("java"))).append(", heap ")
                    .append(mib(jvm.path("heapUsedBytes"))).append(" of ").append(mib(jvm.path("heapMaxBytes")))
                    .append(" MiB, ").append(text(jvm.path("threads"))).append(" threads").append(NL);
        }
        if (r.path("features").isArray()) {
            sb.append("Features:    ").append(features(r.path("features"))).append(NL);
        }
        Table bundles = new Table("BUNDLE", "VERSION", "STATE");
        for (JsonNode b : r.path("bundles")) {
            bundles.row(text(b.path("name")), text(b.path("version")), text(b.path("state")));
        }
        return sb.append(NL).append(bundles).toString();
    }

    /** @return the {@code methods.list} result as a table sorted by name */
    String methods(JsonNode list) {
        List<JsonNode> methods = new ArrayList<>();
        list.forEach(methods::add);
        methods.sort(Comparator.comparing(m -> m.path("name").asText()));
        Table t = new Table("NAME", "SCOPE", "DESCRIPTION");
        for (JsonNode m : methods) {
            t.row(text(m.path("name")), text(m.path("scope")), m.path("description").asText(""));
        }
        return t.toString();
    }

    /** @return one line saying whether DX is healthy at {@code endpoint} */
    static String health(JsonNode r, Endpoint endpoint) {
        return healthy(r) ? "ok: DX answers at " + endpoint : "not ok: DX at " + endpoint + " reports " + r;
    }

    /** @return whether a {@code health} result says all is well */
    static boolean healthy(JsonNode r) {
        return r != null && r.path("ok").asBoolean(false);
    }

    /** @return a duration as its two largest units, e.g. {@code 2 h 5 min} */
    static String duration(long ms) {
        if (ms < 0) {
            return "?";
        }
        long s = ms / 1000;
        long d = s / 86_400;
        long h = s / 3600 % 24;
        long m = s / 60 % 60;
        if (d > 0) {
            return d + " d " + h + " h";
        }
        if (h > 0) {
            return h + " h " + m + " min";
        }
        if (m > 0) {
            return m + " min " + s % 60 + " s";
        }
        return s + " s";
    }

    private static String features(JsonNode features) {
        List<String> installed = new ArrayList<>();
        List<String> available = new ArrayList<>();
        for (JsonNode f : features) {
            if (f.has("name")) {
                (f.path("installed").asBoolean(false) ? installed : available).add(f.path("name").asText());
            }
        }
        String s = installed.isEmpty() ? "none installed" : String.join(", ", installed);
        return available.isEmpty() ? s : s + "; available: " + String.join(", ", available);
    }

    private static String mib(JsonNode bytes) {
        return bytes.canConvertToLong() && bytes.asLong() >= 0 ? Long.toString(bytes.asLong() / (1024 * 1024)) : "?";
    }

    private static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? "?" : n.asText();
    }
}
