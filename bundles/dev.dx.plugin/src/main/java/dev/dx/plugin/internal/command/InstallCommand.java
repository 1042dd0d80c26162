package dev.dx.plugin.internal.command;

import java.nio.file.Paths;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.dx.api.plugin.PluginException;
import dev.dx.plugin.internal.PluginManager;

/** {@code plugin:install}: verifies a package and installs it through the deploy folder. */
@Service
@Command(scope = "plugin", name = "install", description = "Verifies a plugin (.dxp or folder) and installs it: it is "
        + "copied into the deploy folder as <id>.dxp, replacing an older version")
public final class InstallCommand implements Action {
    @Reference
    private PluginManager manager;

    @Argument(index = 0, name = "package", required = true, description = "A .dxp file or a plugin folder")
    private String source;

    @Override
    public Object execute() throws Exception {
        try {
            Map<String, Object> r = manager.operations().installFile(Paths.get(source).toAbsolutePath());
            System.out.println("Installed " + r.get("id") + " " + r.get("version") + " from " + r.get("source") + ": "
                    + r.get("state") + (r.get("problem") == null ? "" : " — " + r.get("problem")));
        } catch (PluginException e) {
            System.err.println("REFUSED: " + e.getMessage());
        }
        return null;
    }
}
