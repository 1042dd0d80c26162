package dev.dx.db.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the database, PID {@code dev.dx.db} ({@code etc/dev.dx.db.cfg}). */
@ObjectClassDefinition(name = "DX Database",
        description = "The SQLite database every DX subsystem stores in (sessions, approvals, ...)")
public @interface DbConfig {
    /** The configuration PID. */
    String PID = "dev.dx.db";

    @AttributeDefinition(name = "Path",
            description = "Path of the SQLite database; ${karaf.data} is replaced by Karaf's data directory. "
                    + "A new path opens a new, empty database: move the file yourself to keep what is stored")
    String path() default "${karaf.data}/dx/dx.db";

    @AttributeDefinition(name = "Busy timeout",
            description = "Milliseconds a write waits for the database before failing with UNAVAILABLE", min = "100",
            max = "600000")
    int busyTimeoutMs() default 5000;

    @AttributeDefinition(name = "Readers", description = "Read connections open at most at once", min = "1",
            max = "64")
    int readers() default 4;
}
