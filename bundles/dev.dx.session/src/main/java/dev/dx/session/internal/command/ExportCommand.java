package dev.dx.session.internal.command;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

import dev.dx.api.rpc.RpcException;
import dev.dx.api.session.SessionStore;

/**
 * {@code sessions:export}: writes a session as JSONL to the file the user names (never to a path made from the key).
 * The file appears complete or not at all: it is written beside the target and moved into place.
 */
@Service
@Command(scope = "sessions", name = "export", description = "Exports a session as JSONL to a file")
public final class ExportCommand implements Action {
    @Reference
    private SessionStore store;

    @Argument(index = 0, name = "key", required = true, description = "Session key (sessions:list shows them)")
    @Completion(SessionKeyCompleter.class)
    private String key;

    @Argument(index = 1, name = "file", required = true, description = "File to write")
    @Completion(FileCompleter.class)
    private String file;

    @Option(name = "-f", aliases = "--force", description = "Replace the file if it exists")
    private boolean force;

    @Override
    public Object execute() {
        Path target = Paths.get(file).toAbsolutePath().normalize();
        Path dir = target.getParent();
        Path tmp = null;
        try {
            if (Files.exists(target) && !force) {
                System.err.println(target + " exists; choose another file or add --force to replace it");
                return null;
            }
            tmp = Files.createTempFile(dir, ".dx-export-", ".tmp");
            try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                store.export(key, out);
            }
            if (force) {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                // a hard link refuses to replace a file that appeared meanwhile
                Files.createLink(target, tmp);
                Files.delete(tmp);
            }
            tmp = null;
            System.out.println("Exported session " + key + " to " + target);
        } catch (FileAlreadyExistsException e) {
            System.err.println(target + " exists; choose another file or add --force to replace it");
        } catch (IOException e) {
            System.err.println("Could not write " + target + ": " + e.getMessage());
        } catch (RpcException e) {
            System.err.println(e.getMessage());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    System.err.println("Could not remove the temporary file " + tmp);
                }
            }
        }
        return null;
    }
}
