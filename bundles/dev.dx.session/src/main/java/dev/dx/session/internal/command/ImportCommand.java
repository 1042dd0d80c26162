package dev.dx.session.internal.command;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

import dev.dx.api.rpc.RpcException;
import dev.dx.api.session.Session;
import dev.dx.api.session.SessionStore;

/** {@code sessions:import}: stores a session from a JSONL export; all of it, or nothing if any line is bad. */
@Service
@Command(scope = "sessions", name = "import", description = "Imports a session from a JSONL export file")
public final class ImportCommand implements Action {
    @Reference
    private SessionStore store;

    @Argument(index = 0, name = "file", required = true, description = "File written by sessions:export")
    @Completion(FileCompleter.class)
    private String file;

    @Override
    public Object execute() {
        Path source = Paths.get(file).toAbsolutePath().normalize();
        try (BufferedReader in = Files.newBufferedReader(source, StandardCharsets.UTF_8)) {
            Session s = store.importJsonl(in);
            System.out.println("Imported session " + s.key() + " (" + s.messageCount() + " entries, "
                    + s.state().name().toLowerCase(java.util.Locale.ROOT) + ")");
        } catch (IOException e) {
            System.err.println("Could not read " + source + ": " + e.getMessage());
        } catch (RpcException e) {
            System.err.println(e.getMessage());
        }
        return null;
    }
}
