package dev.dx.agent.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.hook.Hook;
import dev.dx.api.hook.HookVerdict;

/** Runs the registered hooks for a point, highest ranking first; the first veto wins, a failing hook allows. */
@Component(service = HookChain.class)
public final class HookChain {
    private static final Logger LOG = LoggerFactory.getLogger(HookChain.class);

    private record Registered(Hook hook, List<String> points) {
    }

    // ServiceReference orders by ranking, then id: the reverse map iterates highest ranking first
    private final ConcurrentSkipListMap<ServiceReference<Hook>, Registered> hooks = new ConcurrentSkipListMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addHook(ServiceReference<Hook> ref, Hook hook) {
        hooks.put(ref, new Registered(hook, points(ref.getProperty(Hook.POINTS))));
    }

    void removeHook(ServiceReference<Hook> ref) {
        hooks.remove(ref);
    }

    /** @return the first veto among the hooks for {@code point}, or allow */
    public HookVerdict run(String point, Map<String, Object> event) {
        for (Registered r : hooks.descendingMap().values()) {
            if (!r.points().contains(point)) {
                continue;
            }
            try {
                HookVerdict v = r.hook().handle(point, event);
                if (v != null && v.veto()) {
                    return v;
                }
            } catch (RuntimeException e) {
                LOG.warn("A {} hook failed; treating it as allowing", point, e);
            }
        }
        return HookVerdict.allow();
    }

    private static List<String> points(Object p) {
        if (p instanceof String) {
            return List.of((String) p);
        }
        if (p instanceof String[]) {
            return List.of((String[]) p);
        }
        if (p instanceof Collection) {
            return ((Collection<?>) p).stream().map(String::valueOf).toList();
        }
        return List.of();
    }
}
