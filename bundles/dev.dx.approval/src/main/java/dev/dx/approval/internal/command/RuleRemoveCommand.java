package dev.dx.approval.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.dx.api.rpc.RpcException;
import dev.dx.approval.internal.ApprovalService;

/** {@code approvals:rule-remove}: deletes a rule. */
@Service
@Command(scope = "approvals", name = "rule-remove", description = "Removes an approval rule")
public final class RuleRemoveCommand implements Action {
    @Reference
    private ApprovalService service;

    @Argument(index = 0, name = "id", required = true, description = "Rule id (approvals:rules shows them)")
    @Completion(RuleIdCompleter.class)
    private String id;

    @Override
    public Object execute() {
        try {
            System.out.println(service.removeRule(id) ? "Removed rule " + id : "No rule " + id);
        } catch (RpcException e) {
            System.err.println(e.getMessage());
        }
        return null;
    }
}
