package dev.dx.testsupport.component;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Builds an instance of a configuration annotation: the declared defaults plus overrides, as DS would. */
public final class Configs {
    private Configs() {
    }

    public static <A> A of(Class<A> type, Map<String, Object> overrides) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            if (m.getName().equals("annotationType")) {
                return type;
            }
            if (m.getDeclaringClass() == Object.class) {
                return m.getName().equals("toString") ? type.getSimpleName() : m.invoke(overrides, args);
            }
            return overrides.getOrDefault(m.getName(), m.getDefaultValue());
        }));
    }
}
