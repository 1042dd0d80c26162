package dev.dx.api.approval;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A command someone wants to run: exactly what will run, byte for byte.
 *
 * @param agentId    the agent asking
 * @param sessionKey the session it runs in
 * @param argv       the program (resolved to an absolute path) and its arguments; no shell is involved
 * @param cwd        the absolute working directory
 * @param env        the complete environment the process gets
 * @since 0.1
 */
public record ExecRequest(String agentId, String sessionKey, List<String> argv, String cwd, Map<String, String> env) {
    /** Copies the collections so the request cannot change after it was approved. */
    public ExecRequest {
        Objects.requireNonNull(argv, "argv must not be null");
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv must name a program");
        }
        argv = List.copyOf(argv);
        env = env == null ? Map.of() : Map.copyOf(env);
        Objects.requireNonNull(cwd, "cwd must not be null");
    }
}
