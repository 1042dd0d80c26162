package dev.dx.secrets.internal.crypto;

/**
 * Argon2id cost parameters, and the weakest parameters a store file may declare. Production parameters come from
 * {@link #of}, which refuses less than 64 MiB; only tests use {@link #forTests} to keep key derivation fast.
 */
public final class Argon2Params {
    /** 64 MiB: the least memory a production store is created with or opened with. */
    public static final int MIN_MEMORY_KIB = 65_536;
    /** 1 GiB: more than any sane store asks for; a header declaring more is refused before allocating anything. */
    public static final int MAX_MEMORY_KIB = 1_048_576;
    /** Upper bound on iterations a header may declare (a cost bomb otherwise). */
    public static final int MAX_ITERATIONS = 64;
    /** Upper bound on lanes a header may declare. */
    public static final int MAX_PARALLELISM = 16;

    private final int memoryKiB;
    private final int iterations;
    private final int parallelism;
    private final int floorKiB;

    private Argon2Params(int memoryKiB, int iterations, int parallelism, int floorKiB) {
        this.memoryKiB = memoryKiB;
        this.iterations = iterations;
        this.parallelism = parallelism;
        this.floorKiB = floorKiB;
    }

    /**
     * Production parameters, as configured.
     *
     * @throws IllegalArgumentException naming the configuration key that is out of range
     */
    public static Argon2Params of(int memoryKiB, int iterations, int parallelism) {
        if (memoryKiB < MIN_MEMORY_KIB || memoryKiB > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("argon2MemoryKiB must be between " + MIN_MEMORY_KIB + " (64 MiB) and "
                    + MAX_MEMORY_KIB + " (1 GiB), got " + memoryKiB);
        }
        return checked(memoryKiB, iterations, parallelism, MIN_MEMORY_KIB);
    }

    /** Weak parameters for unit tests only: stores made with them cannot be opened with production parameters. */
    public static Argon2Params forTests(int memoryKiB, int iterations, int parallelism) {
        return checked(memoryKiB, iterations, parallelism, Math.min(memoryKiB, MIN_MEMORY_KIB));
    }

    private static Argon2Params checked(int memoryKiB, int iterations, int parallelism, int floorKiB) {
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("argon2Iterations must be between 1 and " + MAX_ITERATIONS
                    + ", got " + iterations);
        }
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("argon2Parallelism must be between 1 and " + MAX_PARALLELISM
                    + ", got " + parallelism);
        }
        if (memoryKiB < 8 * parallelism) {
            throw new IllegalArgumentException("argon2MemoryKiB must be at least 8 x argon2Parallelism");
        }
        return new Argon2Params(memoryKiB, iterations, parallelism, floorKiB);
    }

    /**
     * Whether a store file's declared parameters are acceptable: no weaker than the floor (no downgrade), no larger
     * than the caps (no memory or time bomb from a forged header).
     */
    public boolean accepts(int memKiB, int iters, int lanes) {
        return memKiB >= floorKiB && memKiB <= MAX_MEMORY_KIB && memKiB >= 8 * lanes && iters >= 1
                && iters <= MAX_ITERATIONS && lanes >= 1 && lanes <= MAX_PARALLELISM;
    }

    /** @return memory in KiB */
    public int memoryKiB() {
        return memoryKiB;
    }

    /** @return passes over memory */
    public int iterations() {
        return iterations;
    }

    /** @return lanes */
    public int parallelism() {
        return parallelism;
    }

    @Override
    public String toString() {
        return "Argon2id m=" + memoryKiB + " KiB, t=" + iterations + ", p=" + parallelism;
    }
}
