package dev.dx.session.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import dev.dx.api.session.Message;
import dev.dx.api.session.ToolCall;

/** SQL on the append-only {@code messages} table. */
final class MessageRows {
    private static final String COLUMNS = "seq, role, text, tool_call_id, tool_name, tool_arguments, tool_error, parts, "
            + "created_at, tokens, compacted_by, meta";

    private final JsonColumns json;
    private final MessageDecoder decoder;

    MessageRows(JsonColumns json) {
        this.json = json;
        this.decoder = new MessageDecoder(json);
    }

    /** Inserts entries with consecutive sequence numbers from {@code firstSeq}. */
    List<Message> insert(Connection c, String key, long firstSeq, List<Encoded> entries, Instant now)
            throws SQLException {
        List<Message> stored = new ArrayList<>(entries.size());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO messages (session_key, " + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)")) {
            long seq = firstSeq;
            for (Encoded e : entries) {
                ToolCall call = e.source().toolCall();
                ps.setString(1, key);
                ps.setLong(2, seq);
                ps.setString(3, e.role().name());
                ps.setString(4, e.source().text());
                ps.setString(5, call == null ? null : call.id());
                ps.setString(6, call == null ? null : call.name());
                ps.setString(7, e.toolArguments());
                ps.setInt(8, call != null && call.error() ? 1 : 0);
                ps.setString(9, e.parts());
                ps.setLong(10, now.toEpochMilli());
                ps.setInt(11, e.tokens());
                ps.setString(12, e.meta());
                ps.executeUpdate();
                stored.add(new Message(key, seq, e.role(), e.source().text(), call, e.source().parts(), now,
                        e.tokens(), null, e.source().meta()));
                seq++;
            }
        }
        return stored;
    }

    /** Inserts entries exactly as they were exported: sequence numbers, times and compaction marks included. */
    void insertImported(Connection c, String key, List<Message> entries) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO messages (session_key, " + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Message m : entries) {
                ToolCall call = m.toolCall();
                ps.setString(1, key);
                ps.setLong(2, m.seq());
                ps.setString(3, m.role().name());
                ps.setString(4, m.text());
                ps.setString(5, call == null ? null : call.id());
                ps.setString(6, call == null ? null : call.name());
                ps.setString(7, call == null || call.arguments() == null ? null
                        : json.write(call.arguments(), "tool arguments"));
                ps.setInt(8, call != null && call.error() ? 1 : 0);
                ps.setString(9, json.write(m.parts(), "message parts"));
                ps.setLong(10, m.createdAt().toEpochMilli());
                ps.setInt(11, m.tokens());
                if (m.compactedBy() == null) {
                    ps.setNull(12, Types.INTEGER);
                } else {
                    ps.setLong(12, m.compactedBy());
                }
                ps.setString(13, json.write(m.meta(), "message meta"));
                ps.executeUpdate();
            }
        }
    }

    /** @return up to {@code limit} entries after {@code afterSeq}, in sequence order */
    List<Message> page(Connection c, String key, long afterSeq, int limit, boolean includeCompacted)
            throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM messages WHERE session_key = ? AND seq > ?"
                + (includeCompacted ? "" : " AND compacted_by IS NULL") + " ORDER BY seq LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            ps.setLong(2, afterSeq);
            ps.setInt(3, limit);
            return decodeAll(ps, key);
        }
    }

    /**
     * @return the live entries in the order a model reads them: a summary takes the place of the first entry it
     *         replaced, everything else stays in sequence order
     */
    List<Message> live(Connection c, String key) throws SQLException {
        List<Message> live;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM messages WHERE session_key = ? AND compacted_by IS NULL ORDER BY seq")) {
            ps.setString(1, key);
            live = decodeAll(ps, key);
        }
        // where each summary goes; read apart (from a small index) so the big read needs no sort
        Map<Long, Long> firstReplaced = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT compacted_by, min(seq) FROM messages "
                + "WHERE session_key = ? AND compacted_by IS NOT NULL GROUP BY compacted_by")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    firstReplaced.put(rs.getLong(1), rs.getLong(2));
                }
            }
        }
        if (!firstReplaced.isEmpty()) {
            // stable, and nearly sorted already: only the summaries move
            live.sort(Comparator.comparingLong(m -> firstReplaced.getOrDefault(m.seq(), m.seq())));
        }
        return live;
    }

    Message find(Connection c, String key, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM messages WHERE session_key = ? AND seq = ?")) {
            ps.setString(1, key);
            ps.setLong(2, seq);
            List<Message> m = decodeAll(ps, key);
            return m.isEmpty() ? null : m.get(0);
        }
    }

    /** @return which of {@code callIds} already have a result anywhere in the session, compacted or not */
    Set<String> answered(Connection c, String key, Collection<String> callIds) throws SQLException {
        Set<String> found = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM messages WHERE session_key = ? "
                + "AND tool_call_id = ? AND role = 'TOOL_RESULT' LIMIT 1")) {
            for (String id : callIds) {
                ps.setString(1, key);
                ps.setString(2, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        found.add(id);
                    }
                }
            }
        }
        return found;
    }

    /** @return how many entries {@code summarySeq} now stands for */
    int markCompacted(Connection c, String key, long throughSeq, long summarySeq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE messages SET compacted_by = ? WHERE session_key = ? "
                + "AND seq <= ? AND seq <> ? AND compacted_by IS NULL")) {
            ps.setLong(1, summarySeq);
            ps.setString(2, key);
            ps.setLong(3, throughSeq);
            ps.setLong(4, summarySeq);
            return ps.executeUpdate();
        }
    }

    /**
     * Streams every entry; leniently, so that an export saves what can still be read: a part that cannot be decoded
     * is left out and named in the entry's meta under {@code "unreadable"}.
     */
    void forEachLenient(Connection c, String key, Consumer<Message> sink) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM messages WHERE session_key = ? ORDER BY seq")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(decoder.decode(rs, key, true));
                }
            }
        }
    }

    private List<Message> decodeAll(PreparedStatement ps, String key) throws SQLException {
        List<Message> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                result.add(decoder.decode(rs, key, false));
            }
        }
        return result;
    }
}
