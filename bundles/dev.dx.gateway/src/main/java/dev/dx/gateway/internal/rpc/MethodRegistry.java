package dev.dx.gateway.internal.rpc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;

/**
 * The method whiteboard: every {@link RpcMethod} service with the {@link Rpc} properties, live. A bundle that starts
 * adds its methods; one that stops removes them. When two services claim one name the first registered keeps serving,
 * the conflict is logged, and the second takes over only if the first goes away.
 */
@Component(service = MethodRegistry.class)
public final class MethodRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(MethodRegistry.class);
    static final Pattern NAME = Pattern.compile("[a-z][a-zA-Z0-9_]*(\\.[a-zA-Z0-9_-]+)*");

    private final Map<String, List<MethodEntry>> claims = new HashMap<>();
    private volatile Map<String, MethodEntry> active = Map.of();

    // ComponentServiceObjects rather than the service: methods are activated on first call, and methods that use
    // this registry (methods.list) do not form a cycle with it.
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addMethod(ComponentServiceObjects<RpcMethod> objects) {
        MethodEntry entry = entry(objects);
        if (entry == null) {
            return;
        }
        synchronized (claims) {
            List<MethodEntry> list = claims.computeIfAbsent(entry.name(), k -> new ArrayList<>());
            list.add(entry);
            list.sort(Comparator.comparingLong(MethodEntry::serviceId));
            if (list.get(0) != entry) {
                MethodEntry first = list.get(0);
                LOG.warn("Method '{}' from bundle {} conflicts with the one from bundle {}; the first keeps serving",
                        entry.name(), entry.bundle(), first.bundle());
            }
            publish();
        }
        LOG.debug("Method {} added by {}", entry.name(), entry.bundle());
    }

    void removeMethod(ComponentServiceObjects<RpcMethod> objects) {
        long id = serviceId(objects.getServiceReference());
        synchronized (claims) {
            for (var it = claims.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                boolean wasFirst = !e.getValue().isEmpty() && e.getValue().get(0).serviceId() == id;
                if (e.getValue().removeIf(m -> m.serviceId() == id)) {
                    if (e.getValue().isEmpty()) {
                        it.remove();
                    } else if (wasFirst) {
                        LOG.info("Method '{}' is now served by bundle {}", e.getKey(), e.getValue().get(0).bundle());
                    }
                }
            }
            publish();
        }
    }

    /** @return the method serving {@code name}, or {@code null} */
    public MethodEntry get(String name) {
        return active.get(name);
    }

    /** @return the serving methods, sorted by name */
    public List<MethodEntry> list() {
        List<MethodEntry> l = new ArrayList<>(active.values());
        l.sort(Comparator.comparing(MethodEntry::name));
        return l;
    }

    private void publish() {
        Map<String, MethodEntry> m = new HashMap<>();
        claims.forEach((k, v) -> m.put(k, v.get(0)));
        active = Map.copyOf(m);
    }

    private static MethodEntry entry(ComponentServiceObjects<RpcMethod> objects) {
        ServiceReference<RpcMethod> ref = objects.getServiceReference();
        String bundle = ref.getBundle() == null ? "?" : ref.getBundle().getSymbolicName();
        Object name = ref.getProperty(Rpc.METHOD);
        if (!(name instanceof String) || !NAME.matcher((String) name).matches()) {
            LOG.warn("RpcMethod service {} from bundle {} ignored: property {} must be a name like 'area.verb', got {}",
                    serviceId(ref), bundle, Rpc.METHOD, name);
            return null;
        }
        Scope scope;
        try {
            Object s = ref.getProperty(Rpc.SCOPE);
            scope = s == null ? Scope.READ : Scope.of(String.valueOf(s));
        } catch (IllegalArgumentException e) {
            LOG.warn("Method '{}' from bundle {} ignored: {}", name, bundle, e.getMessage());
            return null;
        }
        String n = (String) name;
        String category = string(ref.getProperty(Rpc.CATEGORY));
        if (category.isEmpty()) {
            int dot = n.indexOf('.');
            category = dot > 0 ? n.substring(0, dot) : n;
        }
        return new MethodEntry(n, scope, category, string(ref.getProperty(Rpc.DESCRIPTION)), lazy(objects),
                serviceId(ref), bundle);
    }

    private static Supplier<RpcMethod> lazy(ComponentServiceObjects<RpcMethod> objects) {
        return new Supplier<>() {
            private volatile RpcMethod method;

            @Override
            public RpcMethod get() {
                RpcMethod m = method;
                if (m == null) {
                    synchronized (this) {
                        m = method;
                        if (m == null) {
                            m = objects.getService();
                            if (m == null) {
                                throw new RpcException(ErrorCode.UNAVAILABLE, "Method is going away; retry shortly");
                            }
                            method = m;
                        }
                    }
                }
                return m;
            }
        };
    }

    private static long serviceId(ServiceReference<?> ref) {
        return (Long) ref.getProperty(Constants.SERVICE_ID);
    }

    private static String string(Object o) {
        return o == null ? "" : String.valueOf(o);
    }
}
