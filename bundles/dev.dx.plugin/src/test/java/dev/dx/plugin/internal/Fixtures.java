package dev.dx.plugin.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.UnaryOperator;

import dev.dx.plugin.internal.kv.KvStore;
import dev.dx.plugin.internal.kv.TestKv;
import dev.dx.plugin.internal.pkg.Installer;
import dev.dx.plugin.internal.pkg.Keys;
import dev.dx.plugin.internal.pkg.PackageLimits;
import dev.dx.plugin.internal.pkg.Signer;

/** Signed test plugins built from the WASM runtime's WAT test modules, and a host around them. */
final class Fixtures {
    final Path root;
    final Path trust;
    final Path deploy;
    final Path data;
    final Keys.KeyPair key;
    final TestRegistrar registrar = new TestRegistrar();

    Fixtures(Path root) throws IOException {
        this.root = root;
        this.trust = Files.createDirectories(root.resolve("etc/dx-trusted-keys"));
        this.deploy = Files.createDirectories(root.resolve("deploy"));
        this.data = Files.createDirectories(root.resolve("data/dx/plugins"));
        this.key = Keys.generate("tests");
        Keys.write(key, root.resolve("tests.key"), trust.resolve("tests.pub"));
    }

    static byte[] wasm(String name) throws IOException {
        try (InputStream in = Fixtures.class.getResourceAsStream("/wasm/" + name + ".wasm")) {
            if (in == null) {
                throw new IOException("no test module " + name + " on the class path (built by dev.dx.plugin.wasm)");
            }
            return in.readAllBytes();
        }
    }

    /** The echo module answering "echo ver=<n>" instead of "echo ver=1". */
    static byte[] echoVersion(int n) throws IOException {
        String s = new String(wasm("echo"), StandardCharsets.ISO_8859_1);
        return s.replace("echo ver=1", "echo ver=" + n).getBytes(StandardCharsets.ISO_8859_1);
    }

    static String manifest(String id, String version, String rest) {
        return "{\"id\":\"" + id + "\",\"version\":\"" + version + "\",\"type\":\"wasm\",\"entry\":\"plugin.wasm\""
                + rest + "}";
    }

    static final String ECHO = ",\"tools\":[{\"name\":\"echo\",\"description\":\"Echoes\"},{\"name\":\"add\"}],"
            + "\"methods\":[{\"name\":\"echo\",\"scope\":\"read\"}],\"hooks\":[\"tool.before\"]";

    /** Writes a signed package to {@code deploy/<file>} (atomically, as a careful user would). */
    Path dxp(String file, String manifest, byte[] wasm) throws Exception {
        return dxp(file, manifest, wasm, key, b -> b);
    }

    Path dxp(String file, String manifest, byte[] wasm, Keys.KeyPair signer, UnaryOperator<byte[]> tamper)
            throws Exception {
        Path folder = Files.createTempDirectory(root, "pkg");
        Files.writeString(folder.resolve("dx-plugin.json"), manifest);
        Files.write(folder.resolve("plugin.wasm"), wasm);
        Path tmp = root.resolve(file + ".tmp");
        if (signer == null) {
            Signer.zip(folder, null, tmp, PackageLimits.DEFAULT);
        } else {
            Signer.sign(folder, signer, tmp, PackageLimits.DEFAULT);
        }
        Files.write(tmp, tamper.apply(Files.readAllBytes(tmp)));
        return Files.move(tmp, deploy.resolve(file), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    Installer installer() {
        return new Installer(data, trust, PackageLimits.DEFAULT);
    }

    KvStore kv() {
        return TestKv.open(root.resolve("data/dx/dx.db"));
    }

    Lifecycle lifecycle(KvStore kv, HostSettings settings) {
        return new Lifecycle(installer(), registrar, kv, () -> null, settings, change -> { });
    }

    static HostSettings settings() {
        return new HostSettings(Duration.ofSeconds(30), 5);
    }
}
