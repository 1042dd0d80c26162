package dev.dx.approval.internal.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import dev.dx.approval.internal.ApprovalService;

/** Completes the ids of commands waiting for a decision. */
@Service
public final class PendingIdCompleter implements Completer {
    @Reference
    private ApprovalService service;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter c = new StringsCompleter();
        service.pending().forEach(p -> c.getStrings().add(String.valueOf(p.get("id"))));
        return c.complete(session, commandLine, candidates);
    }
}
