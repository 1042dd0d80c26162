package dev.dx.plugin.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.dx.api.plugin.PluginException;
import dev.dx.api.plugin.PluginPermissions;
import dev.dx.plugin.internal.kv.KvStore;
import dev.dx.plugin.internal.pkg.Installer;
import dev.dx.plugin.internal.pkg.PackageException;
import dev.dx.plugin.internal.pkg.PackageFiles;
import dev.dx.plugin.internal.pkg.PackageLimits;
import dev.dx.plugin.internal.pkg.Signer;
import dev.dx.util.fs.OwnerOnly;

/**
 * What the shell, the RPC methods and the deploy folder can do with plugins. Packages installed by command or upload
 * are verified first, then placed into the deploy folder as {@code <id>.dxp}: the deploy folder is the one record of
 * what is installed, so a restart, a hot reload and an uninstall work the same whichever way a plugin came in.
 */
public final class Operations {
    private static final Set<String> LIST_KEYS = Set.of("network.hosts", "filesystem.read", "filesystem.write");
    private static final Set<String> KEYS = Set.of("enabled", "network.hosts", "filesystem.read", "filesystem.write",
            "kv", "process", "callTimeoutMs", "memoryMb");

    private final Lifecycle lifecycle;
    private final Installer checker;
    private final KvStore kv;
    private final GrantFiles grants;
    private final Path deploy;
    private final Path trust;
    private final Path uploads;

    Operations(Lifecycle lifecycle, Installer checker, KvStore kv, GrantFiles grants, Path deploy, Path trust,
            Path uploads) {
        this.lifecycle = lifecycle;
        this.checker = checker;
        this.kv = kv;
        this.grants = grants;
        this.deploy = deploy;
        this.trust = trust;
        this.uploads = uploads;
    }

    /** From the deploy folder: install or hot-reload. Refusals are recorded, not thrown. */
    public Map<String, Object> deployed(Path file) {
        return lifecycle.install(file).payload();
    }

    /** From the deploy folder: the file was deleted. */
    public void undeployed(Path file) {
        lifecycle.uninstall(file);
    }

    /** @return the folder FileInstall watches for packages */
    public Path deployDir() {
        return deploy;
    }

    /** @return the trusted keys folder */
    public Path trustDir() {
        return trust;
    }

    /**
     * Verifies a package (file or folder) and, if it passes, places it into the deploy folder and installs it.
     *
     * @throws PluginException {@code INVALID} naming what is wrong with the package; nothing is installed then
     */
    public Map<String, Object> installFile(Path file) throws IOException {
        Installer.Installed probe = verify(file);
        String id = probe.manifest().id();
        Path target = lifecycle.entries().stream().filter(e -> e.id.equals(id) && e.source != null
                && e.source.startsWith(deploy)).map(e -> e.source).findFirst().orElse(deploy.resolve(id + DxpInstaller.SUFFIX));
        Files.createDirectories(deploy);
        Path tmp = deploy.resolve("." + id + ".dxp." + UUID.randomUUID() + ".tmp");
        try {
            if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                Signer.zip(file, Files.readAllBytes(file.resolve(PackageFiles.SIGNATURE)), tmp, PackageLimits.DEFAULT);
            } else {
                Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            OwnerOnly.move(tmp, target);
        } catch (PackageException e) {
            throw new PluginException(PluginException.Code.INVALID, e.getMessage(), e);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return lifecycle.install(target).payload();
    }

    /** As {@link #installFile}, for an uploaded {@code .dxp}. */
    public Map<String, Object> installBytes(byte[] dxp) throws IOException {
        OwnerOnly.directory(uploads);
        Path tmp = uploads.resolve(UUID.randomUUID() + ".dxp");
        try {
            OwnerOnly.replace(tmp, dxp);
            return installFile(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** @return the verified manifest and signer of a package; throws {@code INVALID} naming what is wrong */
    public Installer.Installed verify(Path file) throws IOException {
        try {
            return checker.check(file);
        } catch (PackageException e) {
            throw new PluginException(PluginException.Code.INVALID, e.getMessage(), e);
        }
    }

    /** Uninstalls; the package file in the deploy folder is deleted. {@code purge} also deletes its stored data. */
    public void uninstall(String id, boolean purge) throws IOException {
        PluginEntry e = lifecycle.entry(id);
        Path source = e.source;
        if (source != null && source.startsWith(deploy)) {
            Files.deleteIfExists(source);
        }
        lifecycle.uninstallId(id);
        if (purge) {
            kv.deleteAll(id);
        }
    }

    /** Enables or disables a plugin now and records it in its configuration file. */
    public Map<String, Object> setEnabled(String id, boolean enabled) throws IOException {
        lifecycle.entry(id);
        grants.update(id, Map.of("enabled", String.valueOf(enabled)));
        lifecycle.setEnabled(id, enabled);
        return info(id);
    }

    /**
     * Adds grants to a plugin's configuration file and applies them now.
     *
     * @param tokens {@code kv}, {@code process}, {@code key=value} ({@code network.hosts=a.com,b.com} adds hosts), or
     *               {@code requested}: everything the plugin's manifest requests
     * @return the plugin's grant now
     */
    public Grant grant(String id, List<String> tokens) throws IOException {
        Map<String, String> current = grants.read(id);
        Map<String, String> changes = new LinkedHashMap<>();
        for (String t : tokens) {
            if (t.equals("requested")) {
                PluginPermissions p = lifecycle.entry(id).pkg.manifest().permissions();
                merge(current, changes, "network.hosts", p.networkHosts());
                merge(current, changes, "filesystem.read", p.filesystemRead());
                merge(current, changes, "filesystem.write", p.filesystemWrite());
                if (p.kv()) {
                    changes.put("kv", "true");
                }
                if (p.process()) {
                    changes.put("process", "true");
                }
                continue;
            }
            int eq = t.indexOf('=');
            String key = eq < 0 ? t : t.substring(0, eq);
            if (!KEYS.contains(key) || (eq < 0 && LIST_KEYS.contains(key))) {
                throw new IllegalArgumentException("'" + t + "' is not a permission: use kv, process, enabled, "
                        + "network.hosts=<host>, filesystem.read=<path>, filesystem.write=<path>, callTimeoutMs=<ms>, "
                        + "memoryMb=<n> or requested");
            }
            if (LIST_KEYS.contains(key)) {
                merge(current, changes, key, GrantFiles.list(t.substring(eq + 1)));
            } else {
                changes.put(key, eq < 0 ? "true" : t.substring(eq + 1).strip());
            }
        }
        // applied now; DX's configuration bundle reads the same file moments later and finds nothing to change
        Grant written = grants.update(id, changes);
        lifecycle.grantChanged(id, written);
        return written;
    }

    private static void merge(Map<String, String> current, Map<String, String> changes, String key, List<String> add) {
        if (add.isEmpty()) {
            return;
        }
        Set<String> all = new LinkedHashSet<>(GrantFiles.list(changes.getOrDefault(key, current.get(key))));
        all.addAll(add);
        changes.put(key, String.join(",", all));
    }

    /** Called by the configuration of {@code etc/dev.dx.plugin-<id>.cfg}. */
    void grantChanged(String id, Grant g) {
        lifecycle.grantChanged(id, g);
    }

    /** Calls an export directly, as {@code plugin:invoke} does. */
    public String invoke(String id, String export, String inputJson) {
        return lifecycle.entry(id).call(export, inputJson, out -> out);
    }

    /** @return every plugin as a {@code plugins.list} row, then the refused packages */
    public List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        lifecycle.entries().forEach(e -> out.add(PluginViews.summary(e)));
        lifecycle.refused().forEach((file, why) -> out.add(PluginViews.refused(file, why).payload()));
        return out;
    }

    /** @return one plugin in detail */
    public Map<String, Object> info(String id) {
        return PluginViews.detail(lifecycle.entry(id), lifecycle.grant(id));
    }

    /** @return the ids of the installed plugins */
    public List<String> ids() {
        return lifecycle.entries().stream().map(e -> e.id).toList();
    }
}
