package dev.dx.plugin.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The service registry of unit tests: a list of what is registered now, and tools "other bundles" provide. */
final class TestRegistrar implements Registrar {
    /** A live registration. */
    final class Reg implements Handle {
        final Class<?> type;
        final Object service;
        volatile Map<String, Object> props;
        volatile boolean unregistered;

        Reg(Class<?> type, Object service, Map<String, Object> props) {
            this.type = type;
            this.service = service;
            this.props = props;
        }

        @Override
        public void properties(Map<String, Object> p) {
            props = p;
        }

        @Override
        public void unregister() {
            unregistered = true;
            live.remove(this);
        }
    }

    final List<Reg> live = new CopyOnWriteArrayList<>();
    final Set<String> foreignTools = ConcurrentHashMap.newKeySet();

    @Override
    public Handle register(Class<?> type, Object service, Map<String, Object> props) {
        Reg r = new Reg(type, service, props);
        live.add(r);
        return r;
    }

    @Override
    public String toolOwner(String toolName) {
        return foreignTools.contains(toolName) ? "bundle dev.dx.tools" : null;
    }

    <T> T find(Class<T> type, String key, Object value) {
        for (Reg r : live) {
            if (r.type == type && value.equals(r.props.get(key))) {
                return type.cast(r.service);
            }
        }
        return null;
    }

    Reg reg(Class<?> type, String key, Object value) {
        return live.stream().filter(r -> r.type == type && value.equals(r.props.get(key))).findFirst().orElse(null);
    }

    long count(Class<?> type) {
        return live.stream().filter(r -> r.type == type).count();
    }
}
