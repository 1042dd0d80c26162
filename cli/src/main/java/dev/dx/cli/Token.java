package dev.dx.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The bearer token and where it came from. Only {@link #value()} reveals it, for the Authorization header; messages
 * name its source, never its value, and {@link #toString()} is redacted.
 */
final class Token {
    /** Environment variable that overrides the token file. */
    static final String ENV = "DX_TOKEN";

    // the owner token is ~47 characters; anything this large is not a token file
    private static final long MAX_FILE_BYTES = 4096;

    private final String value;
    private final String source;

    private Token(String value, String source) {
        this.value = value;
        this.source = source;
    }

    /**
     * Finds the token: {@code --token-file} first, then {@code DX_TOKEN}, then the gateway's token file.
     *
     * @param tokenFile   {@code --token-file}, or {@code null}
     * @param env         the environment
     * @param defaultFile the gateway's token file
     * @throws CliException (exit 2) saying why no usable token was found and where to get one
     */
    static Token resolve(Path tokenFile, Map<String, String> env, Path defaultFile) throws CliException {
        if (tokenFile != null) {
            return fromFile(tokenFile, "--token-file " + tokenFile, false);
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return checked(fromEnv.trim(), ENV);
        }
        return fromFile(defaultFile, defaultFile.toString(), true);
    }

    /** @return the secret, for the Authorization header only */
    String value() {
        return value;
    }

    /** @return where the token came from: {@code DX_TOKEN}, {@code --token-file <path>} or the file's path */
    String source() {
        return source;
    }

    @Override
    public String toString() {
        return "Token[from " + source + ", value hidden]";
    }

    private static Token fromFile(Path file, String source, boolean gatewayFile) throws CliException {
        try {
            if (Files.isDirectory(file)) {
                throw CliException.usage("the token file " + file + " is a directory");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw CliException.usage(file + " is too large to be a token file; point --token-file at the file "
                        + "holding only the token");
            }
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            String first = text.lines().map(String::trim).filter(l -> !l.isEmpty()).findFirst().orElse("");
            if (first.isEmpty()) {
                throw CliException.usage("the token file " + file + " is empty");
            }
            return checked(first, source);
        } catch (NoSuchFileException e) {
            throw CliException.usage(gatewayFile
                    ? "no token file at " + file + ": DX writes it when it first starts. Start DX (./dx), or pass "
                            + "--token-file or set " + ENV + "."
                    : "no token file at " + file);
        } catch (AccessDeniedException e) {
            throw CliException.usage("cannot read the token file " + file + ": permission denied. Only the user "
                    + "who runs DX can read it: run dx as that user, or set " + ENV + ".");
        } catch (IOException e) {
            // a charset failure's message would not contain the bytes, but keep to the file name anyway
            throw new CliException(CliException.USAGE, "cannot read the token file " + file + " ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static Token checked(String value, String source) throws CliException {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            // HTTP header values allow visible ASCII only; reject here so no exception ever quotes the value
            if (c < 0x21 || c > 0x7e) {
                throw CliException.usage("the token from " + source + " contains characters a token cannot have "
                        + "(only visible ASCII is allowed)");
            }
        }
        return new Token(value, source);
    }
}
