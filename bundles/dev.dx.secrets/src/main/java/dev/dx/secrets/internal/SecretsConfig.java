package dev.dx.secrets.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the secret store, PID {@code dev.dx.secrets} ({@code etc/dev.dx.secrets.cfg}). */
@ObjectClassDefinition(name = "DX Secrets",
        description = "The encrypted secret store: where it is, where the master password comes from, key derivation "
                + "cost and how wrong passwords are slowed down")
public @interface SecretsConfig {
    /** The configuration PID. */
    String PID = "dev.dx.secrets";

    @AttributeDefinition(name = "Store file",
            description = "Path of the encrypted store. Empty means ${karaf.data}/dx/secrets.store")
    String storeFile() default "";

    @AttributeDefinition(name = "Password file",
            description = "A file whose first line is the master password, readable by its owner only (chmod 600); "
                    + "DX unlocks the store with it at start. Empty: none. DX_MASTER_PASSWORD in the environment "
                    + "takes precedence")
    String passwordFile() default "";

    @AttributeDefinition(name = "Argon2 memory",
            description = "KiB of memory Argon2id uses when a store is created or its password changed; at least "
                    + "65536 (64 MiB). Existing stores keep the cost they were written with", min = "65536")
    int argon2MemoryKiB() default 65_536;

    @AttributeDefinition(name = "Argon2 iterations", description = "Passes over the memory", min = "1", max = "64")
    int argon2Iterations() default 3;

    @AttributeDefinition(name = "Argon2 parallelism", description = "Lanes", min = "1", max = "16")
    int argon2Parallelism() default 2;

    @AttributeDefinition(name = "Free unlock failures",
            description = "Wrong master passwords in a row before unlock attempts must wait", min = "1")
    int unlockFailuresBeforeDelay() default 3;

    @AttributeDefinition(name = "Unlock delay",
            description = "Milliseconds the first wait lasts; it doubles with every further wrong password", min = "1")
    long unlockDelayMs() default 2_000;

    @AttributeDefinition(name = "Longest unlock delay", description = "Milliseconds the wait grows to at most",
            min = "1")
    long unlockMaxDelayMs() default 900_000;
}
