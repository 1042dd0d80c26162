package dev.dx.approval.internal;

import java.util.Map;

import dev.dx.testsupport.component.Configs;

/** Builds an instance of a configuration annotation: the declared defaults plus overrides, as DS would. */
final class TestConfigs {
    private TestConfigs() {
    }

    static <A> A of(Class<A> type, Map<String, Object> overrides) {
        return Configs.of(type, overrides);
    }
}
