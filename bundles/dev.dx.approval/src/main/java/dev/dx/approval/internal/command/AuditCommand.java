package dev.dx.approval.internal.command;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import dev.dx.api.rpc.RpcException;
import dev.dx.approval.internal.ApprovalService;
import dev.dx.approval.internal.store.AuditEntry;

/** {@code approvals:audit}: the latest decisions, who made them, and whether the command was started. */
@Service
@Command(scope = "approvals", name = "audit", description = "Shows the latest exec decisions, newest first")
public final class AuditCommand implements Action {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    @Reference
    private ApprovalService service;

    @Option(name = "-n", aliases = "--limit", description = "How many decisions to show (1 to 500, default 20)")
    private int limit = 20;

    @Option(name = "--full", description = "Show whole command lines and reasons")
    private boolean full;

    @Override
    public Object execute() {
        if (limit < 1 || limit > 500) {
            System.err.println("-n must be between 1 and 500");
            return null;
        }
        try {
            List<AuditEntry> entries = service.audit(null, limit);
            ShellTable t = new ShellTable();
            t.column("Time");
            t.column("Id");
            t.column("Outcome");
            t.column("Decided by");
            t.column("Agent");
            t.column("Command");
            t.column("Claimed");
            t.column("Reason");
            int width = full ? Integer.MAX_VALUE : 60;
            for (AuditEntry e : entries) {
                t.addRow().addContent(TIME.format(e.requestedAt()), e.id(), e.outcome(),
                        e.decidedBy() == null ? "" : e.decidedBy(), e.agentId() == null ? "" : e.agentId(),
                        Shell.cut(Shell.show(e.argv()), width),
                        e.claimedAt() == null ? (e.claimRefusals() > 0 ? "refused " + e.claimRefusals() + "x" : "no")
                                : TIME.format(e.claimedAt()),
                        Shell.cut(e.reason(), full ? Integer.MAX_VALUE : 50));
            }
            t.print(System.out);
        } catch (RpcException e) {
            System.err.println(e.getMessage());
        }
        return null;
    }
}
