package dev.dx.approval.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import dev.dx.approval.internal.ApprovalService;
import dev.dx.approval.internal.policy.Policy;
import dev.dx.approval.internal.rules.Rule;

/** {@code approvals:rules}: the policy and every rule. */
@Service
@Command(scope = "approvals", name = "rules", description = "Shows the exec policy and the approval rules")
public final class RulesCommand implements Action {
    @Reference
    private ApprovalService service;

    @Override
    public Object execute() {
        Policy p = service.policy();
        System.out.println("Policy: security=" + Policy.wire(p.security()) + ", ask=" + Policy.wire(p.ask())
                + ", askTimeoutMs=" + p.askTimeoutMs() + ", askFallback=" + Policy.wire(p.fallback()));
        ShellTable t = new ShellTable();
        t.column("Id");
        t.column("Scope");
        t.column("Action");
        t.column("Program");
        t.column("Arguments");
        t.column("Timeout").alignRight();
        t.column("Reason");
        for (Rule r : service.rules()) {
            t.addRow().addContent(r.id(), r.scope(), r.action().wire(), r.executable(),
                    r.args().isEmpty() ? "(none)" : Shell.show(r.args()),
                    r.timeoutMs() == null ? "" : r.timeoutMs() + " ms", r.reason() == null ? "" : r.reason());
        }
        t.print(System.out);
        return null;
    }
}
