package dev.dx.session.internal.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.dx.api.session.Message;
import dev.dx.api.session.Session;

/**
 * Writes the export format: one JSON object per line, first the session ({@code "type":"session"}), then every entry
 * ({@code "type":"message"}) in sequence order. {@link JsonlImport} reads it back.
 */
final class JsonlExport {
    /** Version of the format, in the header line. */
    static final int FORMAT = 1;

    private final ObjectMapper mapper;
    private final Writer out;

    JsonlExport(ObjectMapper mapper, Writer out) {
        this.mapper = mapper;
        this.out = out;
    }

    void header(Session s) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "session");
        line.put("format", FORMAT);
        line.put("key", s.key());
        line.put("agentId", s.agentId());
        line.put("routingKey", s.routingKey());
        line.put("state", s.state());
        line.put("createdAt", s.createdAt());
        line.put("updatedAt", s.updatedAt());
        line.put("metadata", s.metadata());
        line.put("model", s.model());
        line.put("inputTokens", s.inputTokens());
        line.put("outputTokens", s.outputTokens());
        line.put("messageCount", s.messageCount());
        line.put("lastSeq", s.lastSeq());
        write(line);
    }

    void entry(Message m) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "message");
        line.put("seq", m.seq());
        line.put("role", m.role());
        line.put("text", m.text());
        line.put("toolCall", m.toolCall());
        line.put("parts", m.parts());
        line.put("createdAt", m.createdAt());
        line.put("tokens", m.tokens());
        line.put("compactedBy", m.compactedBy());
        line.put("meta", m.meta());
        write(line);
    }

    private void write(Map<String, Object> line) {
        try {
            out.write(mapper.writeValueAsString(line));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
