package dev.dx.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A process on this machine read through {@code /proc}: resident memory and CPU time (Linux only). */
final class ServerProcess {
    private static final String KARAF_MAIN = "org.apache.karaf.main.Main";
    // USER_HZ, the unit of utime/stime in /proc/<pid>/stat, is 100 in the Linux ABI on every mainstream architecture.
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final long pid;

    ServerProcess(long pid) {
        this.pid = pid;
    }

    static ServerProcess self() {
        return new ServerProcess(ProcessHandle.current().pid());
    }

    /**
     * Finds the Karaf JVM: {@code --pid}, else {@code <home>/karaf.pid}, else the only process running Karaf's main
     * class (or the one among several whose command line names the home).
     */
    static Optional<ServerProcess> locate(Long explicitPid, Path home) throws IOException {
        if (explicitPid != null) {
            return Optional.of(new ServerProcess(explicitPid));
        }
        if (home != null) {
            Path pidFile = home.resolve("karaf.pid");
            if (Files.isRegularFile(pidFile)) {
                long pid = Long.parseLong(Files.readString(pidFile).trim());
                if (Files.isDirectory(Paths.get("/proc", Long.toString(pid)))) {
                    return Optional.of(new ServerProcess(pid));
                }
            }
        }
        List<Long> karafs = new ArrayList<>();
        List<Long> inHome = new ArrayList<>();
        String homeArg = home != null && Files.isDirectory(home) ? "-Dkaraf.home=" + home.toRealPath() : null;
        Path proc = Paths.get("/proc");
        if (!Files.isDirectory(proc)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (Path p : ds) {
                String cmd;
                try {
                    cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                } catch (IOException gone) {
                    continue; // the process ended while we listed /proc
                }
                if (cmd.contains(KARAF_MAIN)) {
                    long pid = Long.parseLong(p.getFileName().toString());
                    karafs.add(pid);
                    if (homeArg != null && cmd.contains(homeArg)) {
                        inHome.add(pid);
                    }
                }
            }
        }
        if (inHome.size() == 1) {
            return Optional.of(new ServerProcess(inHome.get(0)));
        }
        return karafs.size() == 1 ? Optional.of(new ServerProcess(karafs.get(0))) : Optional.empty();
    }

    /**
     * @return CPU time all processes of the machine have used so far (user, nice, system, irq, softirq, steal), in
     *         nanoseconds; -1 if unreadable
     */
    static long machineCpuNanos() {
        try {
            String first = Files.readAllLines(Paths.get("/proc/stat")).get(0);
            String[] f = first.trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(f[i]);
            }
            return busy * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    long pid() {
        return pid;
    }

    /** @return the resident set size (VmRSS) in bytes */
    long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring(6).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        throw new IOException("No VmRSS in /proc/" + pid + "/status: is the process gone?");
    }

    /** @return user plus system CPU time of all the process's threads so far, in nanoseconds; -1 if unreadable */
    long cpuNanos() {
        try {
            String stat = Files.readString(Paths.get("/proc", Long.toString(pid), "stat"));
            // Fields after the command name, which is in parentheses and may contain spaces.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
