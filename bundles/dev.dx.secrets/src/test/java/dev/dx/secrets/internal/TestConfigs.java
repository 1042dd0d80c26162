package dev.dx.secrets.internal;

import java.util.Map;

import dev.dx.testsupport.component.Configs;

/** Builds an instance of a configuration annotation: the declared defaults plus overrides, as DS would. */
public final class TestConfigs {
    private TestConfigs() {
    }

    public static <A> A of(Class<A> type, Map<String, Object> overrides) {
        return Configs.of(type, overrides);
    }

    public static SecretsConfig secrets(Map<String, Object> overrides) {
        return of(SecretsConfig.class, overrides);
    }
}
