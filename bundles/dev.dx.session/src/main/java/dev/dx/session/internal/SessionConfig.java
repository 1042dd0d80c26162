package dev.dx.session.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the session store, PID {@code dev.dx.session} ({@code etc/dev.dx.session.cfg}). */
@ObjectClassDefinition(name = "DX Sessions",
        description = "Where sessions and transcripts are stored (SQLite) and how the store behaves")
public @interface SessionConfig {
    /** The configuration PID. */
    String PID = "dev.dx.session";

    @AttributeDefinition(name = "Database",
            description = "Path of the SQLite database; ${karaf.data} is replaced by Karaf's data directory")
    String databasePath() default "${karaf.data}/dx/dx.db";

    @AttributeDefinition(name = "Cache size", description = "Session headers kept in memory (most recently used)",
            min = "0", max = "1000000")
    int cacheSize() default 1000;

    @AttributeDefinition(name = "Busy timeout",
            description = "Milliseconds a write waits for the database before failing with UNAVAILABLE", min = "100")
    int busyTimeoutMs() default 5000;
}
