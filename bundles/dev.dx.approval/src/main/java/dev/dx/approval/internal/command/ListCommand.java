package dev.dx.approval.internal.command;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import dev.dx.approval.internal.ApprovalService;

/** {@code approvals:list}: the commands waiting for a decision. */
@Service
@Command(scope = "approvals", name = "list", description = "Lists the commands waiting for a decision")
public final class ListCommand implements Action {
    @Reference
    private ApprovalService service;

    @Override
    @SuppressWarnings("unchecked")
    public Object execute() {
        List<Map<String, Object>> pending = service.pending();
        if (pending.isEmpty()) {
            System.out.println("Nothing waits for a decision");
            return null;
        }
        ShellTable t = new ShellTable();
        t.column("Id");
        t.column("Agent");
        t.column("Session");
        t.column("Command");
        t.column("Cwd");
        t.column("Expires in").alignRight();
        t.column("Why");
        for (Map<String, Object> p : pending) {
            long left = Duration.between(Instant.now(), (Instant) p.get("expiresAt")).toSeconds();
            t.addRow().addContent(p.get("id"), p.get("agentId"), p.get("sessionKey"),
                    Shell.show((List<String>) p.get("argv")), p.get("cwd"), Math.max(0, left) + " s", p.get("why"));
        }
        t.print(System.out);
        System.out.println("Answer with approvals:approve <id> [--always] or approvals:deny <id> [reason]");
        return null;
    }
}
