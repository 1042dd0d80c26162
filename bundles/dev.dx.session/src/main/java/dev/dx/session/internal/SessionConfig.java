package dev.dx.session.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the session store, PID {@code dev.dx.session} ({@code etc/dev.dx.session.cfg}). Where the database
 * lives and how long a write may wait belong to the database service, {@code etc/dev.dx.db.cfg}.
 */
@ObjectClassDefinition(name = "DX Sessions", description = "How the session store behaves")
public @interface SessionConfig {
    /** The configuration PID. */
    String PID = "dev.dx.session";

    @AttributeDefinition(name = "Cache size", description = "Session headers kept in memory (most recently used)",
            min = "0", max = "1000000")
    int cacheSize() default 1000;
}
