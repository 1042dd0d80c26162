package dev.dx.itests.bundle;

import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcMethod;

/** Packed into a throw-away bundle by the tests: registers the method {@code test.echo} while the bundle runs. */
public final class EchoActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Rpc.METHOD, "test.echo");
        props.put(Rpc.SCOPE, "READ");
        props.put(Rpc.DESCRIPTION, "Echoes its parameters");
        // read once: the context is invalid as soon as the bundle stops, which can be before the gateway sees the
        // service go, so a call in flight during an uninstall must not touch it
        String bundle = context.getBundle().getSymbolicName();
        RpcMethod echo = ctx -> Map.of("echo", ctx.params(), "bundle", bundle);
        context.registerService(RpcMethod.class, echo, props);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }
}
