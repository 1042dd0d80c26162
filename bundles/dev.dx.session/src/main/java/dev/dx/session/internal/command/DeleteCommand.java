package dev.dx.session.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.dx.api.rpc.RpcException;
import dev.dx.api.session.SessionStore;

/** {@code sessions:delete}: removes a session and its transcript. */
@Service
@Command(scope = "sessions", name = "delete", description = "Deletes a session and its transcript for good")
public final class DeleteCommand implements Action {
    @Reference
    private SessionStore store;

    @Argument(index = 0, name = "key", required = true, description = "Session key (sessions:list shows them)")
    @Completion(SessionKeyCompleter.class)
    private String key;

    @Override
    public Object execute() {
        try {
            System.out.println(store.delete(key) ? "Deleted session " + key : "No session " + key);
        } catch (RpcException e) {
            System.err.println(e.getMessage());
        }
        return null;
    }
}
