package dev.dx.gateway.internal.command;

import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import dev.dx.gateway.internal.auth.TokenStore;
import dev.dx.gateway.internal.core.StatusReport;

/** {@code gateway:status}: where the gateway listens and what runs in it. */
@Service
@Command(scope = "gateway", name = "status", description = "Shows where the gateway listens, its version, uptime and DX bundles")
public final class StatusCommand implements Action {
    @Reference
    private StatusReport report;
    @Reference
    private TokenStore tokens;

    @Override
    @SuppressWarnings("unchecked")
    public Object execute() {
        Map<String, Object> r = report.report();
        Map<String, Object> gw = (Map<String, Object>) r.get("gateway");
        System.out.println("DX " + r.get("version") + ", up " + ((Long) r.get("uptimeMs")) / 1000 + " s");
        System.out.println("Gateway:     " + gw.get("url") + "  (/ws, /rpc, /health, /metrics)");
        System.out.println("Connections: " + gw.get("connections") + " WebSocket");
        System.out.println("Methods:     " + gw.get("methods"));
        System.out.println("Token file:  " + tokens.tokenFile());
        ShellTable t = new ShellTable();
        t.column("Bundle");
        t.column("Version");
        t.column("State");
        for (Map<String, Object> b : (List<Map<String, Object>>) r.get("bundles")) {
            t.addRow().addContent(b.get("name"), b.get("version"), b.get("state"));
        }
        t.print(System.out);
        return null;
    }
}
