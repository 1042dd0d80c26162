package dev.dx.approval.internal.policy;

import dev.dx.approval.internal.rules.Rule;

/**
 * The policy matrix. A deny rule and {@code security=deny} always refuse; nothing a human says overrides them. Then:
 *
 * <pre>
 *                      ask=off      ask=on-miss   ask=always
 * rule auto-approves   allow        allow         ask
 * rule requests        fallback     ask           ask
 * no rule, allowlist   deny         ask           ask
 * no rule, full        allow        allow         ask
 * </pre>
 */
public final class Decider {
    private Decider() {
    }

    /**
     * @param rule     the deciding rule, or {@code null}
     * @param launcher whether the command runs a shell or launcher (said when a human is asked)
     */
    public static Verdict decide(Policy p, Rule rule, boolean launcher) {
        String mode = "mode:" + Policy.wire(p.security());
        if (p.security() == Policy.Security.DENY) {
            return new Verdict(Verdict.Outcome.DENY, mode, "Running commands is turned off (security=deny)", 0);
        }
        if (rule != null && rule.action() == Rule.Action.DENY) {
            return new Verdict(Verdict.Outcome.DENY, "rule:" + rule.id(),
                    rule.reason() != null ? rule.reason() : "Rule " + rule.id() + " denies this command", 0);
        }
        if (rule != null && rule.action() == Rule.Action.REQUEST) {
            if (p.ask() == Policy.Ask.OFF) {
                return new Verdict(Verdict.Outcome.FALLBACK, "fallback", "Rule " + rule.id() + " asks a human to "
                        + "decide, but nobody is asked (ask=off)", 0);
            }
            return ask("rule:" + rule.id(), "rule " + rule.id() + " asks for a human decision", launcher,
                    rule.timeoutMs() != null ? rule.timeoutMs() : p.askTimeoutMs());
        }
        if (p.ask() == Policy.Ask.ALWAYS) {
            return ask(null, "every command is asked (ask=always)"
                    + (rule != null ? "; rule " + rule.id() + " would approve it" : ""), launcher, p.askTimeoutMs());
        }
        if (rule != null) {
            return new Verdict(Verdict.Outcome.ALLOW, "rule:" + rule.id(), null, 0);
        }
        if (p.security() == Policy.Security.FULL) {
            return new Verdict(Verdict.Outcome.ALLOW, mode, null, 0);
        }
        if (p.ask() == Policy.Ask.OFF) {
            return new Verdict(Verdict.Outcome.DENY, mode, "No rule allows this command, and nobody is asked "
                    + "(security=allowlist, ask=off). Add a rule with approvals:rule-add or exec.approvals.set", 0);
        }
        return ask(null, "no rule allows this command", launcher, p.askTimeoutMs());
    }

    private static Verdict ask(String by, String why, boolean launcher, long timeoutMs) {
        return new Verdict(Verdict.Outcome.ASK, by, why + (launcher ? "; it runs a shell or launcher, which runs "
                + "whatever its arguments say" : ""), timeoutMs);
    }
}
