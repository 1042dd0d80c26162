package dev.dx.config.internal.schema;

/**
 * Why a configuration was refused.
 *
 * @param key    the key at fault, or {@code null} for the file as a whole
 * @param reason what is wrong and what to do
 */
public record Problem(String key, String reason) {
    @Override
    public String toString() {
        return key == null ? reason : "key '" + key + "': " + reason;
    }
}
