package dev.dx.agent.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.db.Database;
import dev.dx.api.db.Migration;

/**
 * Messages acknowledged for a busy session that wait for their turn, kept in {@code dx.db} (component
 * {@value #COMPONENT}). They go into the transcript only when their turn starts (or is dropped): written earlier, a
 * follow-up would land between the running turn's tool call and its result.
 */
@Component(service = FollowUps.class)
public final class FollowUps {
    static final String COMPONENT = "agent";
    static final List<Migration> MIGRATIONS = List.of(Migration.of(1, "follow-up messages waiting for their turn",
            "CREATE TABLE agent_followups ("
                    + " run_id TEXT PRIMARY KEY NOT NULL,"
                    + " session_key TEXT NOT NULL,"
                    + " message TEXT NOT NULL,"
                    + " created_at INTEGER NOT NULL)"));

    /** A waiting message. */
    public record Pending(String runId, String sessionKey, String message) {
    }

    @Reference
    private Database db;

    @Activate
    void activate() throws SQLException {
        db.migrate(COMPONENT, MIGRATIONS);
    }

    /** Stores the run's message; durable when this returns. */
    void add(Run run) {
        db.write("the follow-up message for session " + run.sessionKey(), c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO agent_followups (run_id, session_key, message, created_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, run.id());
                ps.setString(2, run.sessionKey());
                ps.setString(3, run.message());
                ps.setLong(4, System.currentTimeMillis());
                return ps.executeUpdate();
            }
        });
    }

    /** Forgets a message once the transcript has it. */
    void remove(String runId) {
        db.write("the end of follow-up " + runId, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM agent_followups WHERE run_id = ?")) {
                ps.setString(1, runId);
                return ps.executeUpdate();
            }
        });
    }

    /** @return every waiting message, oldest first */
    List<Pending> all() {
        return db.read("the waiting follow-up messages", c -> {
            List<Pending> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT run_id, session_key, message FROM agent_followups ORDER BY created_at, rowid");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Pending(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
            return out;
        });
    }
}
