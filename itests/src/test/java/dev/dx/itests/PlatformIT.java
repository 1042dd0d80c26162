package dev.dx.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.Repository;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/** The platform itself: DX bundles and components up, features repository, hot deploy, loopback-only listeners. */
public class PlatformIT extends DxTestSupport {

    @Inject
    protected ServiceComponentRuntime scr;

    private List<Bundle> dxBundles() {
        List<Bundle> result = new ArrayList<>();
        for (Bundle b : bundleContext.getBundles()) {
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("dev.dx.")) {
                result.add(b);
            }
        }
        return result;
    }

    @Test
    public void everyDxBundleIsActiveAndEveryComponentSatisfied() {
        List<Bundle> bundles = dxBundles();
        // a component may wait for a service no installed component offers: its subsystem is simply not installed
        // (the session tools without dx-session). A service that some component declares must be there.
        Set<String> declared = new HashSet<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (d.serviceInterfaces != null) {
                declared.addAll(Arrays.asList(d.serviceInterfaces));
            }
        }
        assertTrue("the API bundle is installed", bundles.stream().anyMatch(b -> b.getSymbolicName().equals("dev.dx.api")));
        List<String> problems = new ArrayList<>();
        for (Bundle b : bundles) {
            if (b.getState() != Bundle.ACTIVE) {
                problems.add(b.getSymbolicName() + " is in state " + b.getState() + ", not ACTIVE");
            }
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
                if (!scr.isComponentEnabled(d)) {
                    problems.add(d.name + " is disabled");
                    continue;
                }
                var configs = scr.getComponentConfigurationDTOs(d);
                if (configs.isEmpty() && !"require".equals(d.configurationPolicy)) {
                    problems.add(d.name + " has no configuration");
                }
                for (ComponentConfigurationDTO c : configs) {
                    if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE
                            && waitsOnlyForAbsentSubsystems(d, c, declared)) {
                        continue;
                    }
                    if (c.state != ComponentConfigurationDTO.ACTIVE && c.state != ComponentConfigurationDTO.SATISFIED) {
                        String refs = Arrays.stream(c.unsatisfiedReferences).map(r -> r.name + " " + r.target)
                                .collect(Collectors.joining(", "));
                        problems.add(d.name + " state " + c.state + " unsatisfied: [" + refs + "] " + c.failure);
                    }
                }
            }
        }
        assertEquals("bundle and component problems", Collections.emptyList(), problems);
    }

    private static boolean waitsOnlyForAbsentSubsystems(ComponentDescriptionDTO d, ComponentConfigurationDTO c,
            Set<String> declared) {
        for (UnsatisfiedReferenceDTO r : c.unsatisfiedReferences) {
            String iface = Arrays.stream(d.references).filter(ref -> ref.name.equals(r.name))
                    .map(ref -> ref.interfaceName).findFirst().orElse("?");
            if (declared.contains(iface) || !iface.startsWith("dev.dx.api.")) {
                return false;
            }
        }
        return c.unsatisfiedReferences.length > 0;
    }

    @Test
    public void featuresRepositoryInstallsIntoTheRunningContainer() throws Exception {
        String version = System.getProperty("dx.version");
        String url = "mvn:dev.dx/dx-features/" + version + "/xml/features";
        String out = executeCommand("feature:repo-add " + url);
        assertFalse(out, out.contains("Error"));
        Repository repo = featuresService.getRepository(new java.net.URI(url));
        assertNotNull("repository " + url + " is known", repo);
        assertEquals("dx-" + version, repo.getName());
        List<String> names = new ArrayList<>();
        for (Feature f : repo.getFeatures()) {
            names.add(f.getName());
        }
        assertTrue(names.toString(), names.containsAll(List.of("dx", "dx-api")));

        out = executeCommand("feature:install dx");
        assertFalse(out, out.contains("Error"));
        for (String f : names) {
            assertTrue(f + " installed", featuresService.isInstalled(featuresService.getFeature(f)));
        }
        String listed = executeCommand("feature:list -i");
        assertTrue(listed, listed.contains("dx-api"));
    }

    @Test
    public void deployFolderInstallsUpdatesAndUninstallsBundles() throws Exception {
        Path deploy = Paths.get(System.getProperty("karaf.base"), "deploy");
        Files.createDirectories(deploy);
        Path jar = deploy.resolve("dx-hot-deploy-probe.jar");
        String bsn = "dx.test.hotdeploy";

        writeBundle(jar, bsn, "1.0.0");
        Bundle installed = await("bundle installed from deploy/ and active", TIMEOUT_MS, () -> activeBundle(bsn));
        assertEquals(new Version(1, 0, 0), installed.getVersion());
        long id = installed.getBundleId();

        writeBundle(jar, bsn, "1.0.1");
        Bundle updated = await("bundle updated to 1.0.1", TIMEOUT_MS, () -> {
            Bundle b = activeBundle(bsn);
            return b != null && b.getVersion().equals(new Version(1, 0, 1)) ? b : null;
        });
        assertEquals("updated in place, not reinstalled", id, updated.getBundleId());

        Files.delete(jar);
        await("bundle uninstalled after its jar was deleted", TIMEOUT_MS,
                () -> bundleContext.getBundle(id) == null);
    }

    @Test
    public void listenersAreBoundToLoopbackOnly() throws Exception {
        for (int port : new int[] {sshPort(), httpPort()}) {
            List<String> listeners = await("a listener on port " + port, TIMEOUT_MS, () -> {
                List<String> l = listeningAddresses(port);
                return l.isEmpty() ? null : l;
            });
            for (String address : listeners) {
                assertTrue("port " + port + " listens on " + address + ", expected loopback only",
                        address.equals("0100007F") || address.equals("0000000000000000FFFF00000100007F")
                                || address.equals("00000000000000000000000001000000"));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            }
            for (InetAddress external : nonLoopbackAddresses()) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(external, port), 2000);
                    fail("port " + port + " accepted a connection on " + external);
                } catch (IOException expected) {
                    // refused: nothing listens there
                }
            }
        }
    }

    private Bundle activeBundle(String bsn) {
        for (Bundle b : bundleContext.getBundles()) {
            if (bsn.equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE) {
                return b;
            }
        }
        return null;
    }

    /** Writes a minimal bundle next to the target and moves it in atomically, as a careful user would. */
    private static void writeBundle(Path target, String bsn, String version) throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", bsn);
        a.putValue("Bundle-Version", version);
        Path tmp = Files.createTempFile(target.getParent().getParent(), "bundle", ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jar = new JarOutputStream(out, mf)) {
            jar.flush();
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Local addresses (hex, as the kernel prints them) of sockets listening on {@code port}. */
    private static List<String> listeningAddresses(int port) {
        List<String> result = new ArrayList<>();
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            try {
                for (String line : Files.readAllLines(Paths.get(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 3 && "0A".equals(f[3]) && f[1].endsWith(":" + hexPort)) {
                        result.add(f[1].substring(0, f[1].indexOf(':')));
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + table, e);
            }
        }
        return result;
    }

    private static List<InetAddress> nonLoopbackAddresses() throws IOException {
        List<InetAddress> result = new ArrayList<>();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (ni.isUp() && !ni.isLoopback()) {
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (!a.isLinkLocalAddress()) {
                        result.add(a);
                    }
                }
            }
        }
        return result;
    }
}
