package dev.dx.plugin.script.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.dx.api.plugin.PluginException;
import dev.dx.api.plugin.PluginHost;

/**
 * One running Node.js process of a plugin and the one thread that reads it. Protocol lines from the child go where
 * they belong: {@code ready} and {@code failed} complete {@link #ready}, log lines go to the host, responses and the
 * child's requests go to {@link #inbox} for the thread making the call; any other output (Node's own messages on
 * stderr, merged into the same pipe) is logged. When the child exits the inbox gets {@link #EXIT}.
 */
final class NodeProcess {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Put into the inbox when the process has exited. */
    static final JsonNode EXIT = JsonNodeFactory.instance.objectNode().put("exit", true);

    /** Told when the process has exited. */
    interface ExitListener {
        void exited(NodeProcess p);
    }

    final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
    final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final String id;
    private final Process process;
    private final OutputStream stdin;
    private final PluginHost host;
    private final int maxLineBytes;
    private final ExitListener listener;
    private final Deque<String> tail = new ArrayDeque<>();
    private String fatal;
    private final Thread reader;
    /** Whether a call is in progress: only then do the child's host requests have a thread to serve them. */
    volatile boolean calling;
    /** Whether the process was killed on purpose (a missed deadline, a stop), not crashed. */
    volatile boolean killed;
    /** Whether the process has exited and its reader has ended. */
    volatile boolean gone;

    private NodeProcess(String id, Process process, PluginHost host, int maxLineBytes, ExitListener listener,
            int number) {
        this.id = id;
        this.process = process;
        this.stdin = process.getOutputStream();
        this.host = host;
        this.maxLineBytes = maxLineBytes;
        this.listener = listener;
        this.reader = new Thread(this::read, "dx-script-" + id + "-" + number);
        this.reader.setDaemon(true);
    }

    /** Starts the process in {@code dir} with an empty environment: nothing of the gateway's leaks into it. */
    static NodeProcess start(String id, List<String> command, Path dir, PluginHost host, int maxLineBytes,
            ExitListener listener, int number) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new PluginException(PluginException.Code.UNAVAILABLE, "cannot start node for plugin " + id + ": "
                    + e.getMessage(), e);
        }
        NodeProcess np = new NodeProcess(id, p, host, maxLineBytes, listener, number);
        np.reader.start();
        return np;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** @return Node's fatal error, else its last lines of output that were not protocol, for an error message */
    synchronized String tail() {
        return fatal != null ? fatal : String.join(" | ", tail);
    }

    /** Sends one protocol line; a broken pipe means the process is going, which the reader reports. */
    void send(JsonNode msg) {
        byte[] line;
        try {
            line = JSON.writeValueAsBytes(msg);
        } catch (IOException e) {
            throw new PluginException(PluginException.Code.INVALID, "cannot write a protocol message: " + e, e);
        }
        synchronized (stdin) {
            try {
                stdin.write(line);
                stdin.write('\n');
                stdin.flush();
            } catch (IOException e) {
                throw new PluginException(PluginException.Code.CRASHED, "plugin " + id + "'s process is gone", e);
            }
        }
    }

    private void read() {
        try (InputStream in = process.getInputStream()) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        line.write(buf, start, i - start);
                        handle(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                        start = i + 1;
                    }
                }
                line.write(buf, start, n - start);
                if (line.size() > maxLineBytes) {
                    host.log(PluginHost.Level.ERROR, "wrote a line of more than " + maxLineBytes + " bytes; its "
                            + "process is killed");
                    kill();
                    break;
                }
            }
        } catch (IOException e) {
            // the pipe broke: the process is gone, reported below
        } finally {
            waitForExit();
            String t = tail();
            ready.completeExceptionally(new PluginException(PluginException.Code.INVALID, "node exited with code "
                    + exitCode() + " before the plugin was ready" + (t.isEmpty() ? "" : ": " + t)));
            gone = true;
            inbox.add(EXIT);
            listener.exited(this);
        }
    }

    private void handle(String line) {
        JsonNode m = null;
        if (line.startsWith("{")) {
            try {
                m = JSON.readTree(line);
            } catch (IOException e) {
                m = null;
            }
        }
        if (m == null || !m.isObject()) {
            other(line);
            return;
        }
        String method = m.path("method").asText("");
        boolean request = m.has("id") && !method.isEmpty();
        switch (method) {
            case "ready" -> ready.complete(m.path("params"));
            case "failed" -> ready.completeExceptionally(new PluginException(PluginException.Code.INVALID,
                    "the entry module failed to load: " + m.path("params").path("message").asText()));
            case "dx.log" -> {
                if (!request) {
                    Bridge.log(host, m.path("params"));
                    return;
                }
                inbox.add(m);
            }
            default -> {
                if (request && !calling) {
                    send(Bridge.error(m.get("id"), PluginException.Code.INVALID, method + " is only available while "
                            + "a call of the plugin is in progress"));
                } else if (m.has("id")) {
                    inbox.add(m);
                } else {
                    other(line);
                }
            }
        }
    }

    private void other(String line) {
        String cut = line.length() > 500 ? line.substring(0, 500) + "…" : line;
        if (cut.isBlank()) {
            return;
        }
        synchronized (this) {
            if (fatal == null && cut.contains("FATAL ERROR")) {
                fatal = cut; // V8's one-line reason, e.g. the heap limit, before pages of stack
            }
            tail.addLast(cut);
            if (tail.size() > 5) {
                tail.removeFirst();
            }
        }
        host.log(PluginHost.Level.WARN, "node: " + cut);
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String exitCode() {
        return process.isAlive() ? "(running)" : Integer.toString(process.exitValue());
    }

    /**
     * Kills the process at once (SIGKILL), with anything it started, and returns once it has ended — even on an
     * interrupted thread, so that a runtime stopping mid-restart leaves no node behind.
     */
    void kill() {
        killed = true;
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        boolean interrupted = Thread.interrupted();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                host.log(PluginHost.Level.WARN, "node (pid " + process.pid() + ") has not exited 5 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Stops the process: closes its input, so the runner exits by itself, then kills it after {@code graceMs}; returns
     * once its reader thread has ended.
     */
    void stop(long graceMs) {
        killed = true;
        try {
            synchronized (stdin) {
                stdin.close();
            }
        } catch (IOException e) {
            // already closed: the process is going anyway
        }
        try {
            if (!process.waitFor(graceMs, TimeUnit.MILLISECONDS)) {
                kill();
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        }
    }

    /** @return an invoke request */
    static ObjectNode invoke(long callId, String export, JsonNode input, long timeoutMs) {
        ObjectNode m = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", callId).put("method", "invoke");
        m.putObject("params").put("export", export).put("timeoutMs", timeoutMs).set("input", input);
        return m;
    }
}
