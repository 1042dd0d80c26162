package dev.dx.gateway.internal.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import dev.dx.gateway.internal.rpc.MethodRegistry;

/** Completes method names. */
@Service
public final class MethodNameCompleter implements Completer {
    @Reference
    private MethodRegistry registry;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter c = new StringsCompleter();
        registry.list().forEach(m -> c.getStrings().add(m.name()));
        return c.complete(session, commandLine, candidates);
    }
}
