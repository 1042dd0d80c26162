package dev.dx.session.internal.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import dev.dx.api.session.SessionQuery;
import dev.dx.api.session.SessionStore;

/** Completes session keys, most recently updated first. */
@Service
public final class SessionKeyCompleter implements Completer {
    @Reference
    private SessionStore store;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter c = new StringsCompleter();
        store.list(new SessionQuery(null, null, null, 200, null)).items().forEach(s -> c.getStrings().add(s.key()));
        return c.complete(session, commandLine, candidates);
    }
}
