package dev.dx.plugin.internal.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import dev.dx.plugin.internal.PluginManager;

/** Completes the ids of installed plugins. */
@Service
public final class PluginIdCompleter implements Completer {
    @Reference
    private PluginManager manager;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter c = new StringsCompleter();
        c.getStrings().addAll(manager.operations().ids());
        return c.complete(session, commandLine, candidates);
    }
}
