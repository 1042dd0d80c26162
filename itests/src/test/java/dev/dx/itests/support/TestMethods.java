package dev.dx.itests.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Hashtable;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;

/** Registers methods from the test itself, and builds throw-away bundles that register methods. */
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
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", bsn);
        a.putValue("Bundle-Version", version);
        a.putValue("Bundle-Activator", activator.getName());
        a.putValue("Import-Package", imports);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, mf)) {
            String path = activator.getName().replace('.', '/') + ".class";
            jar.putNextEntry(new JarEntry(path));
            try (InputStream in = activator.getClassLoader().getResourceAsStream(path)) {
                in.transferTo(jar);
            }
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }
}
