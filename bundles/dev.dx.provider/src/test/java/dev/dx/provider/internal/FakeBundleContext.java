package dev.dx.provider.internal;

import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** The part of the OSGi framework a provider registration uses: a service registry that records what happens. */
final class FakeBundleContext {
    /** A registered service and its current properties. */
    static final class Registered {
        final Object service;
        volatile Map<String, Object> properties;
        volatile boolean unregistered;

        Registered(Object service, Map<String, Object> properties) {
            this.service = service;
            this.properties = properties;
        }
    }

    final List<Registered> registrations = new CopyOnWriteArrayList<>();
    final BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {BundleContext.class}, (p, m, args) -> {
                if (m.getName().equals("registerService") && args.length == 3) {
                    Registered r = new Registered(args[1], copy((Dictionary<?, ?>) args[2]));
                    registrations.add(r);
                    return registration(r);
                }
                throw new UnsupportedOperationException(m.getName());
            });

    /** @return the services not unregistered */
    List<Registered> live() {
        return registrations.stream().filter(r -> !r.unregistered).toList();
    }

    private ServiceRegistration<?> registration(Registered r) {
        return (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceRegistration.class}, (p, m, args) -> {
                    switch (m.getName()) {
                        case "setProperties" -> r.properties = copy((Dictionary<?, ?>) args[0]);
                        case "unregister" -> {
                            if (r.unregistered) {
                                throw new IllegalStateException("already unregistered");
                            }
                            r.unregistered = true;
                        }
                        default -> throw new UnsupportedOperationException(m.getName());
                    }
                    return null;
                });
    }

    private static Map<String, Object> copy(Dictionary<?, ?> d) {
        Map<String, Object> m = new HashMap<>();
        for (Object k : Collections.list(d.keys())) {
            m.put((String) k, d.get(k));
        }
        return m;
    }
}
