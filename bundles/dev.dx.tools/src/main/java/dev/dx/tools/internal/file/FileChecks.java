package dev.dx.tools.internal.file;

import java.io.IOException;
import java.nio.file.attribute.PosixFileAttributes;

import dev.dx.tools.internal.ArgumentException;

/** Checks the file tools share. */
final class FileChecks {
    private FileChecks() {
    }

    /**
     * Refuses a file with more than one name: its other names may be outside the workspace (a hardlink to
     * {@code ~/.ssh/id_ed25519} looks like any other file), and DX cannot see where they are.
     */
    static void singleLink(SecureWorkspace ws, SecureWorkspace.Dir dir, WorkspacePath path, PosixFileAttributes a,
            String verb) throws ArgumentException, IOException {
        long links = ws.linkCount(dir, path.name(), a);
        if (links > 1) {
            throw new ArgumentException("'" + path + "' is a hard link (" + links + " names for one file); its other "
                    + "names may be outside the workspace, so file tools do not " + verb + " it. Copy the file and "
                    + "work on the copy.");
        }
    }
}
