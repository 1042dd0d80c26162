package dev.dx.approval.internal.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import dev.dx.approval.internal.ApprovalService;

/** Completes rule ids. */
@Service
public final class RuleIdCompleter implements Completer {
    @Reference
    private ApprovalService service;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter c = new StringsCompleter();
        service.rules().forEach(r -> c.getStrings().add(r.id()));
        return c.complete(session, commandLine, candidates);
    }
}
