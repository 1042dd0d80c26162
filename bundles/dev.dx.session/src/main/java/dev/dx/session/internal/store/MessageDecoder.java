package dev.dx.session.internal.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.dx.api.session.Message;
import dev.dx.api.session.Role;
import dev.dx.api.session.ToolCall;

/** Turns a {@code messages} row into a {@link Message}, finding damaged rows on the way. */
final class MessageDecoder {
    private final JsonColumns json;

    MessageDecoder(JsonColumns json) {
        this.json = json;
    }

    /**
     * Decodes a row selected with {@link MessageRows}' columns.
     *
     * @param lenient {@code false}: a part that cannot be read throws {@link CorruptRow}; {@code true}: it is left out
     *                and named in the entry's meta under {@code "unreadable"}, so an export saves what is readable
     */
    Message decode(ResultSet rs, String key, boolean lenient) throws SQLException {
        long seq = rs.getLong(1);
        List<String> unreadable = new ArrayList<>();
        Role role;
        try {
            role = Role.valueOf(rs.getString(2));
        } catch (RuntimeException e) {
            role = fail(key, seq, "role", "is not a known role", e, lenient, unreadable, Role.SYSTEM);
        }
        ToolCall call = null;
        if (role == Role.TOOL_CALL || role == Role.TOOL_RESULT) {
            String id = rs.getString(4);
            String name = rs.getString(5);
            if (id == null || name == null) {
                fail(key, seq, "toolCall", "lacks the call id or name", null, lenient, unreadable, null);
                role = Role.SYSTEM;
            } else {
                Map<String, Object> args = null;
                String argsJson = rs.getString(6);
                if (argsJson != null) {
                    try {
                        args = json.map(argsJson);
                    } catch (JsonProcessingException e) {
                        fail(key, seq, "toolCall.arguments", "is not valid JSON", e, lenient, unreadable, null);
                    }
                }
                call = new ToolCall(id, name, args, rs.getInt(7) != 0);
            }
        }
        List<Map<String, Object>> parts = List.of();
        try {
            parts = json.parts(rs.getString(8));
        } catch (JsonProcessingException e) {
            fail(key, seq, "parts", "is not valid JSON", e, lenient, unreadable, null);
        }
        Map<String, Object> meta = Map.of();
        try {
            meta = json.map(rs.getString(12));
        } catch (JsonProcessingException e) {
            fail(key, seq, "meta", "is not valid JSON", e, lenient, unreadable, null);
        }
        if (!unreadable.isEmpty()) {
            meta = new LinkedHashMap<>(meta);
            meta.put("unreadable", unreadable);
        }
        long by = rs.getLong(11);
        Long compactedBy = rs.wasNull() ? null : by;
        return new Message(key, seq, role, rs.getString(3), call, parts, Instant.ofEpochMilli(rs.getLong(9)),
                rs.getInt(10), compactedBy, meta);
    }

    private static <T> T fail(String key, long seq, String column, String problem, Exception cause, boolean lenient,
            List<String> unreadable, T fallback) {
        if (!lenient) {
            throw new CorruptRow(key, "entry " + seq + " cannot be read (" + column + " " + problem + ")", cause);
        }
        unreadable.add(column);
        return fallback;
    }
}
