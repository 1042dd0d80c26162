package dev.dx.session.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.dx.api.session.Session;
import dev.dx.api.session.SessionState;

/** SQL on the {@code sessions} table. */
final class SessionRows {
    private static final String COLUMNS = "key, agent_id, routing_key, state, created_at, updated_at, metadata, model, "
            + "input_tokens, output_tokens, message_count, last_seq, quarantine";

    private final JsonColumns json;

    SessionRows(JsonColumns json) {
        this.json = json;
    }

    Header find(Connection c, String key) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM sessions WHERE key = ?", key);
    }

    Header findActive(Connection c, String routingKey) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM sessions WHERE routing_key = ? AND state = 'ACTIVE'", routingKey);
    }

    /**
     * @param afterUpdated with {@code afterKey}: the position after which the page starts, or {@code null}
     * @return up to {@code limit} headers, most recently updated first
     */
    List<Header> list(Connection c, String agentId, SessionState state, String routingPrefix, Long afterUpdated,
            String afterKey, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM sessions WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (agentId != null) {
            sql.append(" AND agent_id = ?");
            args.add(agentId);
        }
        if (state != null) {
            sql.append(" AND state = ?");
            args.add(state.name());
        }
        if (routingPrefix != null) {
            // substr, not LIKE or GLOB: the prefix is matched literally whatever characters it holds
            sql.append(" AND substr(routing_key, 1, ?) = ?");
            args.add(routingPrefix.length());
            args.add(routingPrefix);
        }
        if (afterUpdated != null) {
            sql.append(" AND (updated_at, key) < (?, ?)");
            args.add(afterUpdated);
            args.add(afterKey);
        }
        sql.append(" ORDER BY updated_at DESC, key DESC LIMIT ?");
        args.add(limit);
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<Header> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(decode(rs));
                }
            }
            return result;
        }
    }

    void insert(Connection c, Session s, String metadataJson) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sessions (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)")) {
            ps.setString(1, s.key());
            ps.setString(2, s.agentId());
            ps.setString(3, s.routingKey());
            ps.setString(4, s.state().name());
            ps.setLong(5, s.createdAt().toEpochMilli());
            ps.setLong(6, s.updatedAt().toEpochMilli());
            ps.setString(7, metadataJson);
            ps.setString(8, s.model());
            ps.setLong(9, s.inputTokens());
            ps.setLong(10, s.outputTokens());
            ps.setLong(11, s.messageCount());
            ps.setLong(12, s.lastSeq());
            ps.executeUpdate();
        }
    }

    /** Writes every changeable column of {@code s}; {@code metadataJson} {@code null} keeps the stored metadata. */
    void update(Connection c, Session s, String metadataJson) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE sessions SET state = ?, updated_at = ?, "
                + "metadata = coalesce(?, metadata), model = ?, input_tokens = ?, output_tokens = ?, message_count = ?, "
                + "last_seq = ? WHERE key = ?")) {
            ps.setString(1, s.state().name());
            ps.setLong(2, s.updatedAt().toEpochMilli());
            ps.setString(3, metadataJson);
            ps.setString(4, s.model());
            ps.setLong(5, s.inputTokens());
            ps.setLong(6, s.outputTokens());
            ps.setLong(7, s.messageCount());
            ps.setLong(8, s.lastSeq());
            ps.setString(9, s.key());
            ps.executeUpdate();
        }
    }

    boolean delete(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM sessions WHERE key = ?")) {
            ps.setString(1, key);
            return ps.executeUpdate() > 0;
        }
    }

    boolean quarantine(Connection c, String key, String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE sessions SET quarantine = ? WHERE key = ? AND quarantine IS NULL")) {
            ps.setString(1, reason);
            ps.setString(2, key);
            return ps.executeUpdate() > 0;
        }
    }

    /** @return how many sessions there are and which are quarantined (key to reason) */
    Map.Entry<Long, Map<String, String>> census(Connection c) throws SQLException {
        long count;
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM sessions");
                ResultSet rs = ps.executeQuery()) {
            count = rs.next() ? rs.getLong(1) : 0;
        }
        Map<String, String> quarantined = new java.util.TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT key, quarantine FROM sessions WHERE quarantine IS NOT NULL ORDER BY key LIMIT 100");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                quarantined.put(rs.getString(1), rs.getString(2));
            }
        }
        return Map.entry(count, quarantined);
    }

    private Header one(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? decode(rs) : null;
            }
        }
    }

    /** Decodes a row; a header whose metadata or state cannot be read comes back quarantined, never as an error. */
    private Header decode(ResultSet rs) throws SQLException {
        String key = rs.getString(1);
        String quarantine = rs.getString(13);
        Map<String, Object> metadata = Map.of();
        try {
            metadata = JsonColumns.freeze(json.map(rs.getString(7)));
        } catch (JsonProcessingException | RuntimeException e) {
            quarantine = quarantine != null ? quarantine : "its header cannot be read (metadata is not valid JSON)";
        }
        SessionState state = SessionState.ARCHIVED;
        try {
            state = SessionState.valueOf(rs.getString(4));
        } catch (RuntimeException e) {
            quarantine = quarantine != null ? quarantine : "its header cannot be read (unknown state)";
        }
        Session s = new Session(key, rs.getString(2), rs.getString(3), state, Instant.ofEpochMilli(rs.getLong(5)),
                Instant.ofEpochMilli(rs.getLong(6)), metadata, rs.getString(8), rs.getLong(9), rs.getLong(10),
                rs.getLong(11), rs.getLong(12));
        return new Header(s, quarantine);
    }
}
