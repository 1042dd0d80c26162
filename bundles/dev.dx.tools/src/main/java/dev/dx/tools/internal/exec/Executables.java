package dev.dx.tools.internal.exec;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.dx.tools.internal.ArgumentException;

/** Finds the program of {@code argv[0]} the way {@code execvp} would, but before approval, as an absolute path. */
final class Executables {
    private Executables() {
    }

    /**
     * @param program  argv[0] as given
     * @param path     the PATH the command will get
     * @param cwd      the command's working directory, for programs given as {@code ./x}
     * @return the absolute path of the program
     */
    static String resolve(String program, String path, Path cwd) throws ArgumentException {
        if (program.isEmpty()) {
            throw new ArgumentException("argv[0] is empty; it must name the program to run.");
        }
        if (program.indexOf('/') >= 0) {
            Path p = (program.startsWith("/") ? Path.of(program) : cwd.resolve(program)).normalize();
            if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
                throw new ArgumentException("argv[0] '" + program + "' is not an executable file.");
            }
            return p.toString();
        }
        for (String dir : path.split(":")) {
            // empty and relative PATH entries would mean "the current folder": never search there
            if (!dir.startsWith("/")) {
                continue;
            }
            Path candidate = Path.of(dir).resolve(program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new ArgumentException("Program '" + program + "' was not found on PATH (" + path + "). Give its "
                + "absolute path. There is no shell: words like cd, export or && are not programs, and nothing in "
                + "argv is expanded.");
    }
}
