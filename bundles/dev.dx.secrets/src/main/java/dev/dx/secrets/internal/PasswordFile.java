package dev.dx.secrets.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;

/** Reads the master password from a file that only its owner can read. */
final class PasswordFile {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PasswordFile() {
    }

    /**
     * @return the first line of the file, for the caller to zero
     * @throws IllegalStateException saying what is wrong with the file and how to fix it
     */
    static char[] read(Path file) {
        byte[] bytes = null;
        try {
            if (POSIX && Files.getPosixFilePermissions(file).stream().anyMatch(PasswordFile::notOwner)) {
                throw new IllegalStateException("the password file " + file + " is accessible to other users, so it "
                        + "was not read: run chmod 600 " + file);
            }
            bytes = Files.readAllBytes(file);
            int end = 0;
            while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
                end++;
            }
            if (end == 0) {
                throw new IllegalStateException("the password file " + file + " is empty");
            }
            return decode(bytes, end);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("the password file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new IllegalStateException("the password file " + file + " cannot be read: "
                    + e.getClass().getSimpleName(), e);
        } finally {
            if (bytes != null) {
                Arrays.fill(bytes, (byte) 0);
            }
        }
    }

    private static boolean notOwner(PosixFilePermission p) {
        return p != PosixFilePermission.OWNER_READ && p != PosixFilePermission.OWNER_WRITE
                && p != PosixFilePermission.OWNER_EXECUTE;
    }

    private static char[] decode(byte[] bytes, int length) {
        CharBuffer chars = CharBuffer.allocate(length);
        try {
            CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            if (d.decode(ByteBuffer.wrap(bytes, 0, length), chars, true).isError()) {
                throw new IllegalStateException("the password file is not UTF-8 text");
            }
            return Arrays.copyOf(chars.array(), chars.position());
        } finally {
            Arrays.fill(chars.array(), '\0');
        }
    }
}
