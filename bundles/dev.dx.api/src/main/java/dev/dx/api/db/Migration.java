package dev.dx.api.db;

import java.util.List;
import java.util.Objects;

/**
 * One schema step of one component: applied once, in version order, in the same transaction that records it in
 * {@code dx_schema}. Never edit a step that has shipped; append the next one.
 *
 * @param version     1 for the first step, then 2, 3 … without gaps
 * @param description what the step does, for the log
 * @param statements  the SQL statements of the step
 * @since 0.1
 */
public record Migration(int version, String description, List<String> statements) {
    /** Checks the step is usable. */
    public Migration {
        if (version < 1) {
            throw new IllegalArgumentException("migration versions start at 1, got " + version);
        }
        Objects.requireNonNull(description, "description must not be null");
        statements = List.copyOf(statements);
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("migration " + version + " has no statements");
        }
    }

    /**
     * @param version     the step's number
     * @param description what it does
     * @param statements  plain SQL statements, run in order
     * @return a migration of plain SQL statements
     */
    public static Migration of(int version, String description, String... statements) {
        return new Migration(version, description, List.of(statements));
    }
}
