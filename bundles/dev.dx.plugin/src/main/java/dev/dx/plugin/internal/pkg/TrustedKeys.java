package dev.dx.plugin.internal.pkg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The public keys whose signatures DX accepts: every {@code *.pub} file in {@code etc/dx-trusted-keys/}, one key per
 * line ({@code ed25519 <base64> <comment>}; blank lines and {@code #} comments are skipped). Read afresh for every
 * verification, so adding or removing a file takes effect at the next install.
 *
 * @param keys     key id → key
 * @param problems lines that could not be read, with file and reason
 */
public record TrustedKeys(Map<String, Keys.PublicKey> keys, List<String> problems) {

    /** @return the keys in {@code dir}; a missing folder means no trusted key at all */
    public static TrustedKeys load(Path dir) {
        Map<String, Keys.PublicKey> keys = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return new TrustedKeys(Map.of(), List.of());
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.pub")) {
            for (Path f : files) {
                int n = 0;
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    n++;
                    if (line.isBlank() || line.strip().startsWith("#")) {
                        continue;
                    }
                    try {
                        Keys.PublicKey k = Keys.parsePublic(line, f);
                        keys.putIfAbsent(k.id(), k);
                    } catch (PackageException e) {
                        problems.add(f.getFileName() + " line " + n + ": " + e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            problems.add("cannot read " + dir + ": " + e.getMessage());
        }
        return new TrustedKeys(Map.copyOf(keys), List.copyOf(problems));
    }
}
