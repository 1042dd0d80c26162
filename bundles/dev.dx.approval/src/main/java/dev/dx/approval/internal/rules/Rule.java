package dev.dx.approval.internal.rules;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.dx.api.approval.ExecRequest;

/**
 * One approval rule: which program with which arguments, what to do, and for whom. Build rules with
 * {@link RuleParser}, which checks every field.
 *
 * @param id         a short stable id, e.g. {@code r-7k2m9qxa}
 * @param executable an absolute path, or a bare program name found on the search path
 * @param args       one pattern per argument (see {@link ArgPattern}); {@code []} means no arguments
 * @param action     what the rule decides
 * @param scope      {@code global}, {@code agent:<id>} or {@code session:<key>}
 * @param timeoutMs  for {@link Action#REQUEST}: how long a human may take, or {@code null} for the policy's
 * @param reason     for {@link Action#DENY}: what the user is told; otherwise a note, or {@code null}
 * @param createdAt  when the rule was made
 * @param createdBy  who made it ({@code user:…}, {@code rpc:…})
 */
public record Rule(String id, String executable, List<String> args, Action action, String scope, Long timeoutMs,
        String reason, Instant createdAt, String createdBy) {
    public static final String GLOBAL = "global";
    public static final String AGENT = "agent:";
    public static final String SESSION = "session:";

    /** What a matching rule decides. */
    public enum Action {
        /** Runs without asking (only if the policy lets rules approve). */
        AUTO_APPROVE,
        /** Asks a human, with the rule's own timeout. */
        REQUEST,
        /** Refuses, with the rule's reason. */
        DENY;

        /** @return the wire name, e.g. {@code "auto-approve"} */
        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** @return the action of a wire name, or {@code null} */
        static Action of(String wire) {
            for (Action a : values()) {
                if (a.wire().equals(wire)) {
                    return a;
                }
            }
            return null;
        }
    }

    /** Copies the argument list. */
    public Rule {
        args = List.copyOf(args);
    }

    /** @return 2 for a session rule, 1 for an agent rule, 0 for a global one: the more specific wins */
    public int specificity() {
        return scope.startsWith(SESSION) ? 2 : scope.startsWith(AGENT) ? 1 : 0;
    }

    /** @return whether the rule is in force for the agent and session of {@code r} */
    public boolean appliesTo(ExecRequest r) {
        if (scope.startsWith(SESSION)) {
            return scope.substring(SESSION.length()).equals(r.sessionKey());
        }
        if (scope.startsWith(AGENT)) {
            return scope.substring(AGENT.length()).equals(r.agentId());
        }
        return true;
    }

    /** @return the program name the rule names, without its folder */
    public String executableName() {
        return executable.substring(executable.lastIndexOf('/') + 1);
    }

    /** @return the rule as JSON-ready values, as {@code exec.approvals.get} shows it */
    public Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("executable", executable);
        m.put("args", args);
        m.put("action", action.wire());
        m.put("scope", scope);
        if (timeoutMs != null) {
            m.put("timeoutMs", timeoutMs);
        }
        if (reason != null) {
            m.put("reason", reason);
        }
        m.put("createdAt", createdAt);
        m.put("createdBy", createdBy);
        return m;
    }
}
