package dev.dx.plugin.internal.pkg;

/**
 * Caps on what a package may unpack to, so that a zip bomb or an archive of a million entries is refused before it
 * fills the disk.
 *
 * @param maxEntries the most files in a package
 * @param maxBytes   the most bytes all files together may have once unpacked
 */
public record PackageLimits(int maxEntries, long maxBytes) {
    /** 256 files, 64 MiB. */
    public static final PackageLimits DEFAULT = new PackageLimits(256, 64L << 20);
}
