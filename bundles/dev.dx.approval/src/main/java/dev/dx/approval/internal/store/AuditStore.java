package dev.dx.approval.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import dev.dx.api.approval.ExecRequest;
import dev.dx.api.db.Database;

/** The audit trail in {@code approval_audit}: every check, its outcome and whether it was claimed. */
public final class AuditStore {
    private static final String COLUMNS = "id, requested_at, outcome, decided_at, decided_by, reason, asked, why, "
            + "expires_at, agent_id, session_key, executable, argv, cwd, env_names, claimed_at, claim_refusals";

    private final Database db;

    public AuditStore(Database db) {
        this.db = db;
    }

    /** A new row: decided at once ({@code outcome} allowed or denied) or waiting for a human ({@code pending}). */
    public record Row(String id, ExecRequest request, String executable, String outcome, String decidedBy,
            String reason, String why, Instant requestedAt, Instant expiresAt) {
    }

    /** Stores a new row. */
    public void insert(Row r) {
        db.write("the audit record of approval " + r.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO approval_audit (id, requested_at, outcome, "
                    + "decided_at, decided_by, reason, asked, why, expires_at, agent_id, session_key, executable, argv, "
                    + "cwd, env_names, binding) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                boolean pending = r.outcome().equals("pending");
                ps.setString(1, r.id());
                ps.setLong(2, r.requestedAt().toEpochMilli());
                ps.setString(3, r.outcome());
                ps.setObject(4, pending ? null : r.requestedAt().toEpochMilli());
                ps.setString(5, r.decidedBy());
                ps.setString(6, r.reason());
                ps.setInt(7, pending ? 1 : 0);
                ps.setString(8, r.why());
                ps.setObject(9, r.expiresAt() == null ? null : r.expiresAt().toEpochMilli());
                ps.setString(10, r.request().agentId());
                ps.setString(11, r.request().sessionKey());
                ps.setString(12, r.executable());
                ps.setString(13, Json.write(r.request().argv()));
                ps.setString(14, r.request().cwd());
                ps.setString(15, Json.write(new ArrayList<>(new TreeSet<>(r.request().env().keySet()))));
                ps.setBytes(16, Binding.of(r.request()));
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Records the decision on a pending row inside a caller's transaction.
     *
     * @return whether the row was still pending
     */
    public static boolean decide(Connection c, String id, boolean allowed, String decidedBy, String reason,
            Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE approval_audit SET outcome = ?, decided_at = ?, "
                + "decided_by = ?, reason = ? WHERE id = ? AND outcome = 'pending'")) {
            ps.setString(1, allowed ? "allowed" : "denied");
            ps.setLong(2, at.toEpochMilli());
            ps.setString(3, decidedBy);
            ps.setString(4, reason);
            ps.setString(5, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** Denies what a stopped or crashed DX left pending: a decision nobody can deliver any more. */
    public int denyLeftovers(Instant at) {
        return db.write("the approvals left pending", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE approval_audit SET outcome = 'denied', "
                    + "decided_at = ?, decided_by = 'fallback', reason = 'DX stopped before anyone answered' "
                    + "WHERE outcome = 'pending'")) {
                ps.setLong(1, at.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Uses an allowed decision once: only if it is unclaimed, decided within {@code windowMs}, and bound to exactly
     * {@code request}. A mismatch is counted, not consumed.
     */
    public boolean claim(String id, ExecRequest request, Instant now, long windowMs) {
        byte[] binding = Binding.of(request);
        return db.write("the claim of approval " + id, c -> {
            byte[] stored;
            try (PreparedStatement ps = c.prepareStatement("SELECT binding FROM approval_audit WHERE id = ? AND "
                    + "outcome = 'allowed' AND claimed_at IS NULL AND decided_at >= ?")) {
                ps.setString(1, id);
                ps.setLong(2, now.toEpochMilli() - windowMs);
                try (ResultSet rs = ps.executeQuery()) {
                    stored = rs.next() ? rs.getBytes(1) : null;
                }
            }
            if (stored == null) {
                return false;
            }
            boolean same = Binding.same(stored, binding);
            if (same) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE approval_audit SET claimed_at = ? WHERE id = ?")) {
                    ps.setLong(1, now.toEpochMilli());
                    ps.setString(2, id);
                    ps.executeUpdate();
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE approval_audit SET claim_refusals = claim_refusals + 1 WHERE id = ?")) {
                    ps.setString(1, id);
                    ps.executeUpdate();
                }
            }
            return same;
        });
    }

    /** @return up to {@code limit} entries older than {@code beforeId} (or the newest), newest first */
    public List<AuditEntry> page(String beforeId, int limit) {
        return db.read("the approval audit trail", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM approval_audit"
                    + (beforeId == null ? "" : " WHERE id < ?") + " ORDER BY id DESC LIMIT ?")) {
                int i = 1;
                if (beforeId != null) {
                    ps.setString(i++, beforeId);
                }
                ps.setInt(i, limit);
                return entries(ps);
            }
        });
    }

    /** @return the entry of that id, or {@code null} */
    public AuditEntry find(String id) {
        return db.read("approval " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM approval_audit WHERE id = ?")) {
                ps.setString(1, id);
                List<AuditEntry> found = entries(ps);
                return found.isEmpty() ? null : found.get(0);
            }
        });
    }

    /** Forgets decisions older than {@code before}. */
    public int prune(Instant before) {
        return db.write("the pruning of the approval audit trail", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM approval_audit WHERE requested_at < ? AND "
                    + "outcome <> 'pending'")) {
                ps.setLong(1, before.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    private static List<AuditEntry> entries(PreparedStatement ps) throws SQLException {
        List<AuditEntry> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new AuditEntry(rs.getString(1), instant(rs, 2), rs.getString(3), instant(rs, 4),
                        rs.getString(5), rs.getString(6), rs.getInt(7) != 0, rs.getString(8), instant(rs, 9),
                        rs.getString(10), rs.getString(11), rs.getString(12), Json.read(rs.getString(13)),
                        rs.getString(14), Json.read(rs.getString(15)), instant(rs, 16), rs.getInt(17)));
            }
        }
        return out;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }
}
