package dev.dx.gateway.internal.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import dev.dx.gateway.internal.auth.TokenStore;

/** Completes scoped token ids. */
@Service
public final class TokenIdCompleter implements Completer {
    @Reference
    private TokenStore tokens;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter c = new StringsCompleter();
        tokens.list().forEach(t -> c.getStrings().add(t.id()));
        return c.complete(session, commandLine, candidates);
    }
}
