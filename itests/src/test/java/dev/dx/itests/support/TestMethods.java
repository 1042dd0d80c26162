package dev.dx.itests.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Hashtable;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;

/** Registers methods from the test itself, and builds throw-away bundles that register methods or declare schemas. */
public final class TestMethods {
    private TestMethods() {
    }

    public static ServiceRegistration<RpcMethod> register(BundleContext ctx, String name, Scope scope, RpcMethod m) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Rpc.METHOD, name);
        props.put(Rpc.SCOPE, scope.name());
        props.put(Rpc.DESCRIPTION, "test method");
        return ctx.registerService(RpcMethod.class, m, props);
    }

    /** A bundle jar holding one activator class (taken from the test's own classes) and a manifest. */
    public static byte[] bundleWith(Class<?> activator, String bsn, String version, String imports) throws IOException {
        String path = activator.getName().replace('.', '/') + ".class";
        byte[] code;
        try (InputStream in = activator.getClassLoader().getResourceAsStream(path)) {
            code = in.readAllBytes();
        }
        return jar(bsn, version, Map.of("Bundle-Activator", activator.getName(), "Import-Package", imports),
                Map.of(path, code));
    }

    /** A bundle jar with no code, only the given entries (e.g. {@code OSGI-INF/metatype/x.xml}). */
    public static byte[] bundleOf(String bsn, String version, Map<String, byte[]> entries) throws IOException {
        return jar(bsn, version, Map.of(), entries);
    }

    private static byte[] jar(String bsn, String version, Map<String, String> headers, Map<String, byte[]> entries)
            throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", bsn);
        a.putValue("Bundle-Version", version);
        headers.forEach(a::putValue);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, mf)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(e.getKey()));
                jar.write(e.getValue());
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
