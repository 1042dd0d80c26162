package dev.dx.approval.internal.command;

import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.dx.api.rpc.RpcException;
import dev.dx.approval.internal.ApprovalService;
import dev.dx.approval.internal.flow.Answer;

/** {@code approvals:approve}: lets a waiting command run, once or from now on. */
@Service
@Command(scope = "approvals", name = "approve", description = "Lets a waiting command run: once, or always with "
        + "--always (stores a rule approving exactly that program and those arguments)")
public final class ApproveCommand implements Action {
    @Reference
    private ApprovalService service;

    @Argument(index = 0, name = "id", required = true, description = "Approval id (approvals:list shows them)")
    @Completion(PendingIdCompleter.class)
    private String id;

    @Option(name = "--always", description = "Also approve exactly this command from now on")
    private boolean always;

    @Override
    public Object execute() {
        try {
            Map<String, Object> r = service.resolve(id, always ? Answer.ALLOW_ALWAYS : Answer.ALLOW_ONCE, Shell.who(),
                    null);
            System.out.println("Approved " + id + (always ? " always (rule " + r.get("ruleId") + ")" : " once"));
        } catch (RpcException e) {
            System.err.println(e.getMessage());
        }
        return null;
    }
}
