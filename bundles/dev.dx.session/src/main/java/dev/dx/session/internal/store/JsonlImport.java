package dev.dx.session.internal.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.session.Message;
import dev.dx.api.session.Role;
import dev.dx.api.session.Session;
import dev.dx.api.session.SessionState;
import dev.dx.api.session.ToolCall;
import dev.dx.util.id.Ulid;

/**
 * Reads and checks a whole export before anything is stored: the first bad line is named and nothing is imported.
 * Sequence numbers must run 1, 2, 3 … and agree with the header, so a truncated file is refused too.
 */
final class JsonlImport {
    private static final Set<String> HEADER_FIELDS = Set.of("type", "format", "key", "agentId", "routingKey", "state",
            "createdAt", "updatedAt", "metadata", "model", "inputTokens", "outputTokens", "messageCount", "lastSeq");
    private static final Set<String> ENTRY_FIELDS = Set.of("type", "seq", "role", "text", "toolCall", "parts",
            "createdAt", "tokens", "compactedBy", "meta");
    private static final Set<String> CALL_FIELDS = Set.of("id", "name", "arguments", "error");

    /** A checked export. */
    record Imported(Session session, List<Message> entries) {
    }

    private final ObjectMapper mapper;
    private int line;

    JsonlImport(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    Imported read(Reader in) {
        Session header = null;
        int headerLine = 0;
        List<Message> entries = new ArrayList<>();
        Map<Long, Integer> lineOf = new HashMap<>();
        try (BufferedReader r = new BufferedReader(in)) {
            for (String text; (text = r.readLine()) != null;) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                JsonNode n = parse(text);
                if (header == null) {
                    header = header(n);
                    headerLine = line;
                } else {
                    Message m = entry(n, header.key(), entries.size() + 1L);
                    entries.add(m);
                    lineOf.put(m.seq(), line);
                }
            }
        } catch (IOException e) {
            throw new RpcException(ErrorCode.UNAVAILABLE, "Could not read the file to import (it must be UTF-8 text "
                    + "as sessions:export writes it)", e);
        }
        if (header == null) {
            line = 1;
            throw bad("the file is empty; it must start with the session line of an export");
        }
        long lastSeq = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).seq();
        if (header.lastSeq() != lastSeq || header.messageCount() != entries.size()) {
            line = headerLine;
            throw bad("the session line says " + header.messageCount() + " entries up to seq " + header.lastSeq()
                    + " but the file has " + entries.size() + "; the export is incomplete");
        }
        for (Message m : entries) {
            if (m.compactedBy() != null) {
                Message summary = m.compactedBy() >= 1 && m.compactedBy() <= entries.size()
                        ? entries.get((int) (m.compactedBy() - 1)) : null;
                if (summary == null || summary.role() != Role.SUMMARY || m.compactedBy() == m.seq()) {
                    line = lineOf.get(m.seq());
                    throw bad("'compactedBy' must name the seq of a summary entry in this file");
                }
            }
        }
        return new Imported(header, entries);
    }

    private JsonNode parse(String text) {
        try {
            JsonNode n = mapper.readTree(text);
            if (n == null || !n.isObject()) {
                throw bad("each line must be one JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw bad("not valid JSON (" + e.getOriginalMessage().replaceAll("`[^`]*`", "value") + ")");
        }
    }

    private Session header(JsonNode n) {
        if (!"session".equals(n.path("type").asText())) {
            throw bad("the first line must be the session line of an export (\"type\":\"session\")");
        }
        only(n, HEADER_FIELDS, "session line");
        if (n.path("format").asInt(-1) != JsonlExport.FORMAT) {
            throw bad("'format' must be " + JsonlExport.FORMAT);
        }
        String key = string(n, "key", true);
        if (!Ulid.isValid(key)) {
            throw bad("'key' must be a session key (a 26-character ULID)");
        }
        String agent = string(n, "agentId", true);
        String routing = string(n, "routingKey", true);
        try {
            Names.agent(agent);
            Names.routingKey(routing);
        } catch (RpcException e) {
            throw bad(e.getMessage());
        }
        SessionState state = enumValue(n, "state", SessionState.class);
        return new Session(key, agent, routing, state, time(n, "createdAt"), time(n, "updatedAt"),
                JsonColumns.freeze(object(n, "metadata")), string(n, "model", false), count(n, "inputTokens"),
                count(n, "outputTokens"), count(n, "messageCount"), count(n, "lastSeq"));
    }

    private Message entry(JsonNode n, String key, long expectedSeq) {
        if (!"message".equals(n.path("type").asText())) {
            throw bad("after the session line every line must be an entry (\"type\":\"message\")");
        }
        only(n, ENTRY_FIELDS, "entry");
        long seq = count(n, "seq");
        if (seq != expectedSeq) {
            throw bad("'seq' must be " + expectedSeq + " (entries are numbered from 1 without gaps), found " + seq);
        }
        Role role = enumValue(n, "role", Role.class);
        ToolCall call = null;
        JsonNode c = n.get("toolCall");
        boolean tool = role == Role.TOOL_CALL || role == Role.TOOL_RESULT;
        if (tool != (c != null && !c.isNull())) {
            throw bad(tool ? role + " entries need a 'toolCall' with id and name" : role + " entries have no 'toolCall'");
        }
        if (tool) {
            if (!c.isObject()) {
                throw bad("'toolCall' must be an object");
            }
            only(c, CALL_FIELDS, "toolCall");
            JsonNode error = c.path("error");
            if (!error.isMissingNode() && !error.isBoolean()) {
                throw bad("'toolCall.error' must be a boolean");
            }
            call = new ToolCall(string(c, "id", true), string(c, "name", true), object(c, "arguments"),
                    error.asBoolean(false));
        }
        JsonNode compacted = n.get("compactedBy");
        Long compactedBy = compacted == null || compacted.isNull() ? null : count(n, "compactedBy");
        long tokens = count(n, "tokens");
        if (tokens > Integer.MAX_VALUE) {
            throw bad("'tokens' is too large");
        }
        List<Map<String, Object>> parts = List.of();
        JsonNode p = n.get("parts");
        if (p != null && !p.isNull()) {
            if (!p.isArray()) {
                throw bad("'parts' must be an array of objects");
            }
            for (JsonNode part : p) {
                if (!part.isObject()) {
                    throw bad("'parts' must be an array of objects");
                }
            }
            parts = mapper.convertValue(p, JsonColumns.PARTS);
        }
        Map<String, Object> meta = object(n, "meta");
        return new Message(key, seq, role, string(n, "text", false), call, parts, time(n, "createdAt"), (int) tokens,
                compactedBy, meta == null ? Map.of() : meta);
    }

    private void only(JsonNode n, Set<String> allowed, String what) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw bad("unknown field '" + clip(f) + "' in the " + what);
            }
        }
    }

    private String string(JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw bad("'" + field + "' is missing");
            }
            return null;
        }
        if (!v.isTextual() || (required && v.asText().isBlank())) {
            throw bad("'" + field + "' must be " + (required ? "a non-empty string" : "a string"));
        }
        return v.asText();
    }

    private long count(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
            throw bad("'" + field + "' must be a whole number, 0 or more");
        }
        return v.asLong();
    }

    private Instant time(JsonNode n, String field) {
        String v = string(n, field, true);
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw bad("'" + field + "' must be a time such as 2026-01-31T12:00:00Z");
        }
    }

    private Map<String, Object> object(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return "metadata".equals(field) ? Map.of() : null;
        }
        if (!v.isObject()) {
            throw bad("'" + field + "' must be an object");
        }
        return mapper.convertValue(v, JsonColumns.MAP);
    }

    private <E extends Enum<E>> E enumValue(JsonNode n, String field, Class<E> type) {
        String v = string(n, field, true);
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                names.add(c.name());
            }
            throw bad("'" + field + "' must be one of " + String.join(", ", names));
        }
    }

    private RpcException bad(String problem) {
        return RpcException.invalidParams("Line " + line + ": " + problem + ". Nothing was imported");
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
