package dev.dx.plugin.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.db.Database;
import dev.dx.api.event.Topics;
import dev.dx.api.net.SafeHttp;
import dev.dx.api.plugin.PluginEvents;
import dev.dx.api.plugin.PluginRuntime;
import dev.dx.plugin.internal.kv.KvStore;
import dev.dx.plugin.internal.kv.DatabaseKvStore;
import dev.dx.plugin.internal.pkg.Installer;
import dev.dx.plugin.internal.pkg.PackageLimits;
import dev.dx.util.fs.OwnerOnly;

/**
 * The plugin host: owns the {@link Lifecycle}, follows the {@link PluginRuntime} whiteboard (a runtime's plugins
 * start when it appears and stop when it goes), installs what is in the deploy folder when it starts, and offers
 * the operations the shell, the RPC methods and the deploy-folder installer use.
 */
@Component(service = PluginManager.class, immediate = true, configurationPid = HostConfig.PID)
@Designate(ocd = HostConfig.class)
public final class PluginManager {
    private static final Logger LOG = LoggerFactory.getLogger(PluginManager.class);

    @Reference
    private Database database;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SafeHttp safeHttp;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    private final List<Map.Entry<String, PluginRuntime>> pendingRuntimes = new ArrayList<>();
    private Lifecycle lifecycle;
    private Operations operations;
    private KvStore kv;
    private ExecutorService scanner;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void addRuntime(PluginRuntime runtime, Map<String, Object> props) {
        String type = String.valueOf(props.get(PluginRuntime.TYPE));
        if (lifecycle == null) {
            pendingRuntimes.add(Map.entry(type, runtime));
        } else {
            lifecycle.runtimeAdded(type, runtime);
        }
    }

    synchronized void removeRuntime(PluginRuntime runtime, Map<String, Object> props) {
        String type = String.valueOf(props.get(PluginRuntime.TYPE));
        if (lifecycle == null) {
            pendingRuntimes.removeIf(e -> e.getValue() == runtime);
        } else {
            lifecycle.runtimeRemoved(type, runtime);
        }
    }

    @Activate
    synchronized void activate(BundleContext context, HostConfig config) throws IOException, SQLException {
        Path data = dir(config.dataDir(), "karaf.data", "dx/plugins");
        Path trust = dir(config.trustedKeysDir(), "karaf.etc", "dx-trusted-keys");
        Path deploy = dir(config.deployDir(), "karaf.base", "deploy");
        OwnerOnly.directory(data);
        PackageLimits limits = new PackageLimits(config.maxPackageEntries(), config.maxPackageBytes());
        Installer installer = new Installer(data, trust, limits);
        installer.cleanStaging();
        kv = new DatabaseKvStore(database);
        lifecycle = new Lifecycle(installer, new BundleRegistrar(context), kv, () -> safeHttp, HostSettings.of(config),
                this::publish);
        pendingRuntimes.forEach(e -> lifecycle.runtimeAdded(e.getKey(), e.getValue()));
        pendingRuntimes.clear();
        operations = new Operations(lifecycle, new Installer(data.resolve(".check"), trust, limits), kv,
                new GrantFiles(Paths.get(System.getProperty("karaf.etc", "etc"))), deploy, trust, data.resolve(".uploads"));
        scanner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dx-plugin-deploy-scan");
            t.setDaemon(true);
            return t;
        });
        // FileInstall does not offer files it already knows to an installer that (re)appears: look ourselves
        scanner.execute(() -> scan(deploy));
    }

    @Modified
    void modified(HostConfig config) {
        lifecycle.settings(HostSettings.of(config)); // folders and package limits apply when the bundle restarts
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        scanner.shutdownNow();
        scanner.awaitTermination(30, TimeUnit.SECONDS);
        synchronized (this) {
            lifecycle.stopAll();
            kv.close();
        }
    }

    private void scan(Path deploy) {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(deploy, "*" + DxpInstaller.SUFFIX)) {
            files.forEach(found::add);
        } catch (IOException e) {
            LOG.debug("No plugins in {}: {}", deploy, e.toString());
        }
        for (Path p : found) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            lifecycle.install(p);
        }
        lifecycle.pruneOrphans();
    }

    private void publish(PluginViews.Change change) {
        EventAdmin ea = eventAdmin;
        if (ea != null) {
            ea.postEvent(new Event(PluginEvents.CHANGED, Map.of(Topics.PAYLOAD, change.payload())));
        }
    }

    /** @return what the shell, the RPC methods and the deploy-folder installer may do */
    public Operations operations() {
        return operations;
    }

    private static Path dir(String configured, String property, String under) {
        if (!configured.isBlank()) {
            return Paths.get(configured).toAbsolutePath();
        }
        return Paths.get(System.getProperty(property, "."), under).toAbsolutePath().normalize();
    }
}
