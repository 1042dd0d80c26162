package dev.dx.approval.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.dx.api.db.Database;
import dev.dx.approval.internal.rules.Rule;

/**
 * The rules, in {@code approval_rules} and in memory. The in-memory list is replaced only after a commit, under the
 * database's write lock, so checks never see a rule that is not stored, and rule changes apply in commit order.
 */
public final class RuleStore {
    private final Database db;
    private volatile List<Rule> rules = List.of();

    public RuleStore(Database db) {
        this.db = db;
    }

    /** Reads the stored rules. */
    public void load() {
        rules = db.read("the approval rules", RuleStore::all);
    }

    /** @return every rule, in the order they were stored */
    public List<Rule> all() {
        return rules;
    }

    /** @return the rule of that id, or {@code null} */
    public Rule find(String id) {
        for (Rule r : rules) {
            if (r.id().equals(id)) {
                return r;
            }
        }
        return null;
    }

    /** Stores a new rule. */
    public void add(Rule rule) {
        db.write("the approval rule " + rule.id(), c -> {
            insert(c, rule);
            return all(c);
        }, now -> rules = now);
    }

    /** @return whether a rule of that id existed and is gone */
    public boolean remove(String id) {
        return db.write("the removal of approval rule " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM approval_rules WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate() == 1 ? all(c) : null;
            }
        }, now -> {
            if (now != null) {
                rules = now;
            }
        }) != null;
    }

    /** Replaces every rule by {@code next}, all at once. */
    public void replace(List<Rule> next) {
        db.write("the approval rules", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM approval_rules")) {
                ps.executeUpdate();
            }
            for (Rule r : next) {
                insert(c, r);
            }
            return all(c);
        }, now -> rules = now);
    }

    /** Takes the rules a caller's transaction committed (read back with {@link #all(Connection)} inside it). */
    public void committed(List<Rule> now) {
        rules = List.copyOf(now);
    }

    /** Inserts a rule inside a caller's transaction (an allow-always decision and its rule commit together). */
    public static void insert(Connection c, Rule r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO approval_rules (id, executable, args, action, "
                + "scope, timeout_ms, reason, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, r.id());
            ps.setString(2, r.executable());
            ps.setString(3, Json.write(r.args()));
            ps.setString(4, r.action().wire());
            ps.setString(5, r.scope());
            ps.setObject(6, r.timeoutMs());
            ps.setString(7, r.reason());
            ps.setLong(8, r.createdAt().toEpochMilli());
            ps.setString(9, r.createdBy());
            ps.executeUpdate();
        }
    }

    /** @return the stored rules, in the order they were stored (a replaced list keeps the order it was given in) */
    public static List<Rule> all(Connection c) throws SQLException {
        List<Rule> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, executable, args, action, scope, timeout_ms, "
                + "reason, created_at, created_by FROM approval_rules ORDER BY rowid");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long timeout = rs.getLong(6);
                Long timeoutMs = rs.wasNull() ? null : timeout;
                out.add(new Rule(rs.getString(1), rs.getString(2), Json.read(rs.getString(3)),
                        Rule.Action.valueOf(rs.getString(4).toUpperCase(Locale.ROOT).replace('-', '_')),
                        rs.getString(5), timeoutMs, rs.getString(7), Instant.ofEpochMilli(rs.getLong(8)),
                        rs.getString(9)));
            }
        }
        return List.copyOf(out);
    }
}
