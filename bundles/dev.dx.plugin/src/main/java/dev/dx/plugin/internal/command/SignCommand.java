package dev.dx.plugin.internal.command;

import java.nio.file.Path;
import java.nio.file.Paths;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.dx.plugin.internal.pkg.Keys;
import dev.dx.plugin.internal.pkg.PackageException;
import dev.dx.plugin.internal.pkg.PackageLimits;
import dev.dx.plugin.internal.pkg.Signer;

/** {@code plugin:sign}: signs a plugin folder or {@code .dxp} with a private key. */
@Service
@Command(scope = "plugin", name = "sign", description = "Signs a plugin (a folder with dx-plugin.json, or a .dxp): "
        + "writes dx-plugin.sig into the folder, or the signed .dxp")
public final class SignCommand implements Action {
    @Argument(index = 0, name = "key", required = true, description = "The private key file from plugin:keygen")
    private String key;

    @Argument(index = 1, name = "package", required = true, description = "A plugin folder or .dxp file")
    private String source;

    @Argument(index = 2, name = "out", description = "The .dxp to write; default: sign the folder in place, or "
            + "replace the .dxp")
    private String out;

    @Override
    public Object execute() throws Exception {
        try {
            Keys.KeyPair pair = Keys.readPrivate(Paths.get(key).toAbsolutePath());
            Path target = Signer.sign(Paths.get(source).toAbsolutePath(), pair,
                    out == null ? null : Paths.get(out).toAbsolutePath(), PackageLimits.DEFAULT);
            System.out.println("Signed " + target + " with key " + pair.publicKey().id());
        } catch (PackageException e) {
            System.err.println("Refused: " + e.getMessage());
        }
        return null;
    }
}
