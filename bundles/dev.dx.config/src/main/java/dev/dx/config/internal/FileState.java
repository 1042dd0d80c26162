package dev.dx.config.internal;

import java.util.List;
import java.util.Map;

import dev.dx.config.internal.files.CfgName;
import dev.dx.config.internal.schema.Problem;

/**
 * What DX knows about one configuration file.
 *
 * @param name     which configuration it is
 * @param digest   SHA-256 of the bytes last read
 * @param raw      the keys and raw values last read, or {@code null} if the file could not be parsed
 * @param problems why the last read was refused; empty if it was applied
 * @param checked  whether a schema was known when it was applied
 */
public record FileState(CfgName name, String digest, Map<String, String> raw, List<Problem> problems, boolean checked) {
    public boolean applied() {
        return problems.isEmpty();
    }
}
