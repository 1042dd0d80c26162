package dev.dx.plugin.internal.command;

import java.nio.file.Paths;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.dx.api.plugin.PluginException;
import dev.dx.api.plugin.PluginManifest;
import dev.dx.plugin.internal.PluginManager;
import dev.dx.plugin.internal.pkg.Installer;

/** {@code plugin:verify}: checks a package exactly as installing it would, without installing it. */
@Service
@Command(scope = "plugin", name = "verify", description = "Checks a plugin package against its signature and the "
        + "trusted keys, without installing it")
public final class VerifyCommand implements Action {
    @Reference
    private PluginManager manager;

    @Argument(index = 0, name = "package", required = true, description = "A .dxp file or a plugin folder")
    private String source;

    @Override
    public Object execute() throws Exception {
        try {
            Installer.Installed ok = manager.operations().verify(Paths.get(source).toAbsolutePath());
            PluginManifest m = ok.manifest();
            System.out.println("OK: " + m.id() + " " + m.version() + " (" + m.type() + "), signed by trusted key "
                    + ok.verified().keyId() + (ok.verified().keyComment().isEmpty() ? ""
                            : " (" + ok.verified().keyComment() + ")"));
            System.out.println("Requests: " + (m.permissions().isEmpty() ? "nothing" : m.permissions()));
        } catch (PluginException e) {
            System.err.println("REFUSED: " + e.getMessage());
        }
        return null;
    }
}
