package dev.dx.approval.internal.store;

import java.util.List;

import dev.dx.api.db.Migration;

/**
 * The approval tables in {@code dx.db}, component {@value #COMPONENT}. Append steps; never edit one that shipped.
 */
public final class ApprovalSchema {
    public static final String COMPONENT = "approval";

    public static final List<Migration> MIGRATIONS = List.of(
            Migration.of(1, "approval rules and audit trail",
                    "CREATE TABLE approval_rules ("
                            + " id TEXT PRIMARY KEY NOT NULL,"
                            + " executable TEXT NOT NULL,"
                            + " args TEXT NOT NULL," // JSON array of patterns
                            + " action TEXT NOT NULL CHECK (action IN ('auto-approve', 'request', 'deny')),"
                            + " scope TEXT NOT NULL,"
                            + " timeout_ms INTEGER,"
                            + " reason TEXT,"
                            + " created_at INTEGER NOT NULL,"
                            + " created_by TEXT NOT NULL)",
                    "CREATE TABLE approval_audit ("
                            + " id TEXT PRIMARY KEY NOT NULL," // time-ordered, so it pages the trail
                            + " requested_at INTEGER NOT NULL,"
                            + " outcome TEXT NOT NULL CHECK (outcome IN ('pending', 'allowed', 'denied')),"
                            + " decided_at INTEGER,"
                            + " decided_by TEXT,"
                            + " reason TEXT,"
                            + " asked INTEGER NOT NULL DEFAULT 0,"
                            + " why TEXT,"
                            + " expires_at INTEGER,"
                            + " agent_id TEXT,"
                            + " session_key TEXT,"
                            + " executable TEXT,"
                            + " argv TEXT NOT NULL," // JSON array, exactly as requested
                            + " cwd TEXT NOT NULL,"
                            + " env_names TEXT NOT NULL," // JSON array of names: values may be secret
                            + " binding BLOB NOT NULL," // SHA-256 of agent, session, argv, cwd and the whole env
                            + " claimed_at INTEGER,"
                            + " claim_refusals INTEGER NOT NULL DEFAULT 0)",
                    "CREATE INDEX approval_audit_pending ON approval_audit (outcome) WHERE outcome = 'pending'",
                    "CREATE INDEX approval_audit_requested ON approval_audit (requested_at)"));

    private ApprovalSchema() {
    }
}
