package dev.dx.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** What {@code dx token} says: where the token comes from and whether that file is sound, never the token. */
final class TokenInfo {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private TokenInfo() {
    }

    /**
     * @param tokenFile   {@code --token-file}, or {@code null}
     * @param env         the environment ({@code DX_TOKEN})
     * @param defaultFile the gateway's token file
     * @return a few lines for the user
     */
    static String describe(Path tokenFile, Map<String, String> env, Path defaultFile) {
        String nl = System.lineSeparator();
        StringBuilder sb = new StringBuilder();
        sb.append("The gateway keeps the owner token (all scopes) in ").append(defaultFile).append(nl);
        sb.append("  ").append(state(defaultFile)).append(nl);
        if (tokenFile != null) {
            sb.append("--token-file: dx reads the token from ").append(tokenFile).append(nl);
            sb.append("  ").append(state(tokenFile)).append(nl);
        } else if (env.get(Token.ENV) != null && !env.get(Token.ENV).isBlank()) {
            sb.append(Token.ENV).append(" is set: dx sends it instead of the file's token.").append(nl);
        }
        sb.append("dx sends the token as 'Authorization: Bearer <token>'. Replace it with: dx call gateway.token.rotate")
                .append(nl);
        return sb.toString();
    }

    private static String state(Path file) {
        if (!Files.exists(file)) {
            return "(the file does not exist yet: DX writes it when it first starts)";
        }
        if (!Files.isReadable(file)) {
            return "(present, but this user cannot read it: run dx as the user who runs DX, or set " + Token.ENV + ")";
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            perms.retainAll(OTHERS);
            if (!perms.isEmpty()) {
                return "(present, but others than its owner may access it: chmod 600 " + file + ")";
            }
            return "(present, readable by its owner only)";
        } catch (UnsupportedOperationException | IOException e) {
            return "(present)";
        }
    }
}
