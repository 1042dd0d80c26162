package dev.dx.secrets.internal.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import dev.dx.api.rpc.RpcException;
import dev.dx.api.secrets.SecretStore;

/** Completes secret names while the store is unlocked. */
@Service
public final class SecretNameCompleter implements Completer {
    @Reference
    private SecretStore store;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter c = new StringsCompleter();
        try {
            c.getStrings().addAll(store.names());
        } catch (RpcException locked) {
            return -1; // nothing to offer while locked
        }
        return c.complete(session, commandLine, candidates);
    }
}
