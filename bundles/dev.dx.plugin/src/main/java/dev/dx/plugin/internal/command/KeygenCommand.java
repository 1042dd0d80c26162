package dev.dx.plugin.internal.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.dx.plugin.internal.PluginManager;
import dev.dx.plugin.internal.pkg.Keys;

/** {@code plugin:keygen}: a new Ed25519 signing key for plugin authors. */
@Service
@Command(scope = "plugin", name = "keygen", description = "Creates an Ed25519 key pair for signing plugins: "
        + "<name>.key (owner-only, keep it secret) and <name>.pub (share it)")
public final class KeygenCommand implements Action {
    @Reference
    private PluginManager manager;

    @Argument(index = 0, name = "name", required = true, description = "Path and base name of the key files, e.g. "
            + "/home/me/keys/alice")
    private String name;

    @Option(name = "--trust", description = "Also trust the new key on this gateway (copies the .pub into "
            + "etc/dx-trusted-keys/)")
    private boolean trust;

    @Override
    public Object execute() throws Exception {
        Path base = Paths.get(name).toAbsolutePath();
        Path key = base.resolveSibling(base.getFileName() + ".key");
        Path pub = base.resolveSibling(base.getFileName() + ".pub");
        if (Files.exists(key) || Files.exists(pub)) {
            System.err.println("Refused: " + key + " or " + pub + " exists already; choose another name");
            return null;
        }
        Files.createDirectories(base.getParent());
        Keys.KeyPair pair = Keys.generate(base.getFileName().toString());
        Keys.write(pair, key, pub);
        System.out.println("Key " + pair.publicKey().id() + " written:");
        System.out.println("  private: " + key + " (owner-only; sign with plugin:sign " + key + " <package>)");
        System.out.println("  public:  " + pub);
        if (trust) {
            Path dir = Files.createDirectories(manager.operations().trustDir());
            Files.copy(pub, dir.resolve(pub.getFileName()));
            System.out.println("Trusted on this gateway: " + dir.resolve(pub.getFileName()));
        } else {
            System.out.println("Gateways trust it once the .pub file is in their etc/dx-trusted-keys/");
        }
        return null;
    }
}
