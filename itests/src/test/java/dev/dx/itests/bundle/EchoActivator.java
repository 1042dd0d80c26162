package dev.dx.itests.bundle;

import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcMethod;

/**
 * Packed into a throw-away bundle by the tests: registers {@code test.echo} and {@code test.block} while the bundle
 * runs. {@code test.block} waits until the bundle stops, so a test can stop the bundle under a call in flight; it
 * announces that it is waiting through a {@link CountDownLatch} service ({@code dx.test=block.entered}), a type both
 * the bundle and the test see.
 */
public final class EchoActivator implements BundleActivator {
    private final CountDownLatch stopping = new CountDownLatch(1);
    private ServiceRegistration<RpcMethod> block;

    @Override
    public void start(BundleContext context) {
        // read once: the context is invalid as soon as the bundle stops, which can be before the gateway sees the
        // service go, so a call in flight during an uninstall must not touch it
        String bundle = context.getBundle().getSymbolicName();
        RpcMethod echo = ctx -> Map.of("echo", ctx.params(), "bundle", bundle);
        context.registerService(RpcMethod.class, echo, method("test.echo", "Echoes its parameters"));

        CountDownLatch entered = new CountDownLatch(1);
        RpcMethod waiting = ctx -> {
            entered.countDown();
            try {
                return Map.of("stopped", stopping.await(60, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Map.of("stopped", false);
            }
        };
        block = context.registerService(RpcMethod.class, waiting, method("test.block", "Waits until its bundle stops"));
        Hashtable<String, Object> marker = new Hashtable<>();
        marker.put("dx.test", "block.entered");
        context.registerService(CountDownLatch.class, entered, marker);
    }

    @Override
    public void stop(BundleContext context) {
        // the method leaves the registry first, then the call in flight returns: the gateway answers a call whose
        // method is already gone
        block.unregister();
        stopping.countDown();
    }

    private static Hashtable<String, Object> method(String name, String description) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Rpc.METHOD, name);
        props.put(Rpc.SCOPE, "READ");
        props.put(Rpc.DESCRIPTION, description);
        return props;
    }
}
