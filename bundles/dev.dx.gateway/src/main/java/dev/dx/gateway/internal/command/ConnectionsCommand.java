package dev.dx.gateway.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import dev.dx.gateway.internal.transport.ConnectionRegistry;
import dev.dx.gateway.internal.transport.WsConnection;

/** {@code gateway:connections}: the open WebSocket connections. */
@Service
@Command(scope = "gateway", name = "connections", description = "Lists the open WebSocket connections")
public final class ConnectionsCommand implements Action {
    @Reference
    private ConnectionRegistry connections;

    @Override
    public Object execute() {
        ShellTable t = new ShellTable();
        t.column("Id");
        t.column("Address");
        t.column("Client");
        t.column("Scopes");
        t.column("Age (s)").alignRight();
        t.column("Requests").alignRight();
        t.column("Queued bytes").alignRight();
        for (WsConnection c : connections.connections()) {
            t.addRow().addContent(c.caller().connectionId(), c.caller().address(), c.caller().client(),
                    String.join(",", c.caller().scopes().stream().sorted().map(s -> s.id()).toList()),
                    c.ageSeconds(), c.requests(), c.pendingBytes());
        }
        t.print(System.out);
        return null;
    }
}
