package dev.dx.session.internal;

import java.nio.file.Path;
import java.util.Map;

import dev.dx.testsupport.component.Configs;

/** Builds an instance of a configuration annotation: the declared defaults plus overrides, as DS would. */
public final class TestConfigs {
    private TestConfigs() {
    }

    public static <A> A of(Class<A> type, Map<String, Object> overrides) {
        return Configs.of(type, overrides);
    }

    /** @return the session configuration with the database at {@code db} */
    public static SessionConfig session(Path db) {
        return of(SessionConfig.class, Map.of("databasePath", db.toString()));
    }
}
