package dev.dx.session.internal.store;

import java.util.List;

import dev.dx.api.db.Migration;

/**
 * The tables of the session store in {@code dx.db}, as numbered migrations of component {@value #COMPONENT}. Add a
 * step by appending {@code Migration.of(2, …)}; never edit a step that has shipped.
 */
final class SessionSchema {
    static final String COMPONENT = "session";

    static final List<Migration> MIGRATIONS = List.of(
            Migration.of(1, "sessions and messages",
                    "CREATE TABLE sessions ("
                            + " key TEXT PRIMARY KEY NOT NULL,"
                            + " agent_id TEXT NOT NULL,"
                            + " routing_key TEXT NOT NULL,"
                            + " state TEXT NOT NULL CHECK (state IN ('ACTIVE', 'ARCHIVED')),"
                            + " created_at INTEGER NOT NULL,"
                            + " updated_at INTEGER NOT NULL,"
                            + " metadata TEXT NOT NULL DEFAULT '{}',"
                            + " model TEXT,"
                            + " input_tokens INTEGER NOT NULL DEFAULT 0,"
                            + " output_tokens INTEGER NOT NULL DEFAULT 0,"
                            + " message_count INTEGER NOT NULL DEFAULT 0,"
                            + " last_seq INTEGER NOT NULL DEFAULT 0,"
                            // why the session cannot be read; set once, cleared only by deleting the session
                            + " quarantine TEXT)",
                    // at most one active session per routing key, enforced by the database itself
                    "CREATE UNIQUE INDEX sessions_active_routing ON sessions (routing_key) WHERE state = 'ACTIVE'",
                    "CREATE INDEX sessions_recent ON sessions (updated_at DESC, key DESC)",
                    "CREATE INDEX sessions_agent_recent ON sessions (agent_id, updated_at DESC, key DESC)",
                    "CREATE TABLE messages ("
                            + " session_key TEXT NOT NULL REFERENCES sessions (key) ON DELETE CASCADE,"
                            + " seq INTEGER NOT NULL CHECK (seq > 0),"
                            + " role TEXT NOT NULL,"
                            + " text TEXT,"
                            + " tool_call_id TEXT,"
                            + " tool_name TEXT,"
                            + " tool_arguments TEXT,"
                            + " tool_error INTEGER NOT NULL DEFAULT 0,"
                            + " parts TEXT NOT NULL DEFAULT '[]',"
                            + " created_at INTEGER NOT NULL,"
                            + " tokens INTEGER NOT NULL DEFAULT 0,"
                            + " compacted_by INTEGER,"
                            + " meta TEXT NOT NULL DEFAULT '{}',"
                            + " PRIMARY KEY (session_key, seq))",
                    // finds what a summary replaced, to put the summary in their place
                    "CREATE INDEX messages_compacted ON messages (session_key, compacted_by) "
                            + "WHERE compacted_by IS NOT NULL",
                    // pairs tool calls with results
                    "CREATE INDEX messages_tool ON messages (session_key, tool_call_id) "
                            + "WHERE tool_call_id IS NOT NULL"));

    private SessionSchema() {
    }
}
