package dev.dx.approval.internal;

import java.util.Map;

import dev.dx.testsupport.component.Configs;

/** Builds an instance of a configuration annotation: the declared defaults plus overrides, as DS would. */
final class TestConfigs {
    private TestConfigs() {
    }

    static <A> A of(Class<A> type, Map<String, Object> overrides) {
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
