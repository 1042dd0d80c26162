package dev.dx.approval.internal.command;

import java.time.Instant;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.dx.api.rpc.RpcException;
import dev.dx.approval.internal.ApprovalService;
import dev.dx.approval.internal.rules.Rule;
import dev.dx.approval.internal.rules.RuleParser;

/**
 * {@code approvals:rule-add}: a rule for one program. Options come first; everything after the program is an
 * argument pattern, dashes included ({@code approvals:rule-add --action deny git push ** --force **}).
 */
@Service
@Command(scope = "approvals", name = "rule-add", description = "Adds an approval rule: options, then the program "
        + "(absolute path, or a name on the search path), then one pattern per argument (* within an argument, "
        + "** for any number of arguments; no patterns means no arguments)")
public final class RuleAddCommand implements Action {
    @Reference
    private ApprovalService service;

    @Option(name = "--action", required = true, description = "auto-approve, request or deny")
    private String action;

    @Option(name = "--scope", description = "global (default), agent:<agent id> or session:<session key>")
    private String scope;

    @Option(name = "--timeout", description = "For request rules: milliseconds a human may take")
    private Long timeoutMs;

    @Option(name = "--reason", description = "For deny rules: what the agent is told")
    private String reason;

    @Option(name = "--id", description = "An id of your own choosing (default: generated)")
    private String id;

    @Argument(index = 0, name = "program", required = true, description = "e.g. /usr/bin/git or git")
    private String program;

    @Argument(index = 1, name = "args", multiValued = true, description = "Argument patterns, e.g. status or log **")
    private List<String> args;

    @Override
    public Object execute() {
        try {
            Rule r = RuleParser.parse("the rule", id, program, args == null ? List.of() : args, action, scope,
                    timeoutMs, reason, Instant.now(), Shell.who());
            service.addRule(r);
            System.out.println("Added rule " + r.id() + ": " + r.action().wire() + " " + r.executable()
                    + (r.args().isEmpty() ? " (no arguments; add ** to allow any)" : " " + Shell.show(r.args()))
                    + " [" + r.scope() + "]");
        } catch (RpcException e) {
            System.err.println(e.getMessage());
        }
        return null;
    }
}
