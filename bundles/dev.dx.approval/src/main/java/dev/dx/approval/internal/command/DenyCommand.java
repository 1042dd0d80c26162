package dev.dx.approval.internal.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.dx.api.rpc.RpcException;
import dev.dx.approval.internal.ApprovalService;
import dev.dx.approval.internal.flow.Answer;

/** {@code approvals:deny}: refuses a waiting command; the reason goes back to the agent. */
@Service
@Command(scope = "approvals", name = "deny", description = "Refuses a waiting command, with an optional reason")
public final class DenyCommand implements Action {
    @Reference
    private ApprovalService service;

    @Argument(index = 0, name = "id", required = true, description = "Approval id (approvals:list shows them)")
    @Completion(PendingIdCompleter.class)
    private String id;

    @Argument(index = 1, name = "reason", multiValued = true, description = "Why; the agent is told")
    private List<String> reason;

    @Override
    public Object execute() {
        try {
            service.resolve(id, Answer.DENY, Shell.who(), reason == null ? null : String.join(" ", reason));
            System.out.println("Denied " + id);
        } catch (RpcException e) {
            System.err.println(e.getMessage());
        }
        return null;
    }
}
