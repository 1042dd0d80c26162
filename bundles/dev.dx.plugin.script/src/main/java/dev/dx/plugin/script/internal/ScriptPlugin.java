package dev.dx.plugin.script.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import dev.dx.api.plugin.Deadline;
import dev.dx.api.plugin.LoadedPlugin;
import dev.dx.api.plugin.PluginException;
import dev.dx.api.plugin.PluginHost;

/**
 * A loaded script plugin and the supervision of its Node.js process. Calls run one at a time. A call past its
 * deadline kills the process (SIGKILL) and a new one is started at once; a process that dies on its own is started
 * again after a delay that doubles with every crash in a row (reset by the next successful call). A call arriving
 * while the process restarts waits for it, until its own deadline.
 */
final class ScriptPlugin implements LoadedPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptPlugin.class);

    private final String id;
    private final List<String> command;
    private final Path folder;
    private final PluginHost host;
    private final Settings settings;
    private final ScheduledExecutorService supervisor;
    private final Set<ScriptPlugin> registry;
    private final String node;
    private final int heapMb;
    private final ReentrantLock calls = new ReentrantLock(true);
    private final AtomicLong callIds = new AtomicLong();
    private final AtomicLong callCount = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicInteger processes = new AtomicInteger();
    /** Guards everything below; waited on by calls while the process restarts. */
    private final Object state = new Object();
    private NodeProcess proc;
    private ScheduledFuture<?> restart;
    private long restartAt;
    private int crashesInARow;
    private long restarts;
    private String lastExit;
    private boolean closed;

    ScriptPlugin(String id, List<String> command, Path folder, PluginHost host, Settings settings,
            ScheduledExecutorService supervisor, Set<ScriptPlugin> registry, String node, int heapMb) {
        this.id = id;
        this.command = List.copyOf(command);
        this.folder = folder;
        this.host = host;
        this.settings = settings;
        this.supervisor = supervisor;
        this.registry = registry;
        this.node = node;
        this.heapMb = heapMb;
    }

    /** Starts the first process on the caller's thread; a plugin whose entry module does not load is refused. */
    void start() {
        NodeProcess p = spawn();
        synchronized (state) {
            adopt(p);
        }
    }

    /** Under the state lock: makes {@code p} the running process, or plans a restart if it died meanwhile. */
    private void adopt(NodeProcess p) {
        if (p.gone) {
            // it died between saying ready and now: its exit found no process to replace
            crashesInARow++;
            schedule(settings.backoffMs(crashesInARow, ThreadLocalRandom.current().nextDouble()));
            return;
        }
        proc = p;
        state.notifyAll();
    }

    /** Starts a process and waits until the runner has loaded the entry module. */
    private NodeProcess spawn() {
        NodeProcess p = NodeProcess.start(id, command, folder, host, settings.maxLineBytes(), this::exited,
                processes.incrementAndGet());
        try {
            p.ready.get(settings.startTimeoutMs(), TimeUnit.MILLISECONDS);
            return p;
        } catch (ExecutionException e) {
            p.kill();
            throw e.getCause() instanceof PluginException pe ? pe
                    : new PluginException(PluginException.Code.CRASHED, "plugin " + id + " did not start", e);
        } catch (TimeoutException e) {
            p.kill();
            throw new PluginException(PluginException.Code.INVALID, "plugin " + id + " was not ready within "
                    + settings.startTimeoutMs() + " ms of starting (its entry module must load without waiting)");
        } catch (InterruptedException e) {
            p.kill();
            Thread.currentThread().interrupt();
            throw new PluginException(PluginException.Code.UNAVAILABLE, "interrupted while starting plugin " + id);
        }
    }

    /** On the exited process's reader thread: plans the next process, unless this one was replaced or stopped. */
    private void exited(NodeProcess p) {
        synchronized (state) {
            lastExit = "exit code " + p.exitCode() + (p.killed ? " (killed)" : "");
            if (proc != p) {
                return; // a start that failed, or an old process
            }
            proc = null;
            state.notifyAll();
            if (closed) {
                return;
            }
            long delay = 0;
            if (!p.killed) {
                crashesInARow++;
                delay = settings.backoffMs(crashesInARow, ThreadLocalRandom.current().nextDouble());
                LOG.warn("Script plugin {}'s process exited ({}); restarting in {} ms ({} in a row){}", id, lastExit,
                        delay, crashesInARow, p.tail().isEmpty() ? "" : ": " + p.tail());
            }
            schedule(delay);
        }
    }

    /** Under the state lock. */
    private void schedule(long delayMs) {
        restartAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs);
        restart = supervisor.schedule(this::restart, delayMs, TimeUnit.MILLISECONDS);
    }

    private void restart() {
        synchronized (state) {
            if (closed || proc != null) {
                return;
            }
            restart = null;
        }
        NodeProcess p;
        try {
            p = spawn();
        } catch (PluginException e) {
            synchronized (state) {
                if (!closed) {
                    crashesInARow++;
                    long delay = settings.backoffMs(crashesInARow, ThreadLocalRandom.current().nextDouble());
                    LOG.warn("Script plugin {} could not be restarted ({}); next attempt in {} ms", id,
                            e.getMessage(), delay);
                    schedule(delay);
                }
            }
            return;
        }
        synchronized (state) {
            if (closed) {
                p.stop(0);
                return;
            }
            restarts++;
            adopt(p);
        }
    }

    @Override
    public String invoke(String export, String inputJson, Deadline deadline) {
        callCount.incrementAndGet();
        JsonNode input;
        try {
            input = NodeProcess.JSON.readTree(inputJson);
        } catch (IOException e) {
            throw new PluginException(PluginException.Code.INVALID, "the input of " + export + " is not JSON");
        }
        try {
            if (!calls.tryLock(Math.max(0, deadline.remaining().toNanos()), TimeUnit.NANOSECONDS)) {
                throw failed(new PluginException(PluginException.Code.TIMEOUT, "plugin " + id + " was busy with an "
                        + "earlier call until the deadline of " + export));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException(PluginException.Code.TIMEOUT, export + " was cancelled by its caller");
        }
        try {
            return call(running(deadline, export), export, input, deadline);
        } finally {
            calls.unlock();
        }
    }

    /** @return the running process, waiting for a restart in progress until the deadline */
    private NodeProcess running(Deadline deadline, String export) {
        synchronized (state) {
            while (true) {
                if (closed) {
                    throw new PluginException(PluginException.Code.UNAVAILABLE, "script plugin " + id + " is stopped");
                }
                if (proc != null && !proc.gone) {
                    return proc;
                }
                long left = deadline.remaining().toNanos();
                if (proc == null && restart != null && restartAt - deadline.nanoTime() > 0) {
                    throw new PluginException(PluginException.Code.UNAVAILABLE, "script plugin " + id + " is "
                            + "restarting after " + crashesInARow + " crashes in a row (" + lastExit + "); next "
                            + "start in " + TimeUnit.NANOSECONDS.toMillis(restartAt - System.nanoTime()) + " ms");
                }
                if (left <= 0) {
                    throw failed(new PluginException(PluginException.Code.TIMEOUT, "script plugin " + id + " was "
                            + "not running again before the deadline of " + export));
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(state, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PluginException(PluginException.Code.TIMEOUT, export + " was cancelled by its caller");
                }
            }
        }
    }

    private String call(NodeProcess p, String export, JsonNode input, Deadline deadline) {
        long callId = callIds.incrementAndGet();
        p.inbox.clear();
        p.calling = true;
        try {
            if (p.gone) {
                throw failed(new PluginException(PluginException.Code.CRASHED, "plugin " + id + "'s process exited "
                        + "with code " + p.exitCode() + " before " + export));
            }
            p.send(NodeProcess.invoke(callId, export, input, Math.max(0, deadline.remaining().toMillis())));
            while (true) {
                JsonNode m = p.inbox.poll(Math.max(0, deadline.remaining().toNanos()), TimeUnit.NANOSECONDS);
                if (m == null) {
                    p.kill();
                    throw failed(new PluginException(PluginException.Code.TIMEOUT, export + " did not answer "
                            + "within its deadline; its process was killed and is starting again"));
                }
                if (m == NodeProcess.EXIT) {
                    String t = p.tail();
                    throw failed(new PluginException(PluginException.Code.CRASHED, "plugin " + id + "'s process "
                            + "exited with code " + p.exitCode() + " during " + export + (t.isEmpty() ? "" : ": " + t)));
                }
                if (m.has("method")) {
                    p.send(Bridge.answer(host, m, deadline));
                } else if (m.path("id").asLong(-1) == callId) {
                    return result(m, export);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException(PluginException.Code.TIMEOUT, export + " was cancelled by its caller");
        } finally {
            p.calling = false;
        }
    }

    private String result(JsonNode m, String export) {
        JsonNode error = m.get("error");
        if (error != null) {
            PluginException.Code code = switch (error.path("data").path("kind").asText()) {
                case "DENIED" -> PluginException.Code.DENIED;
                case "INVALID" -> PluginException.Code.INVALID;
                default -> PluginException.Code.TRAP;
            };
            throw failed(new PluginException(code, export + " failed: " + error.path("message").asText()));
        }
        synchronized (state) {
            crashesInARow = 0;
        }
        return m.path("result").toString();
    }

    private PluginException failed(PluginException e) {
        failures.incrementAndGet();
        return e;
    }

    /** @return the process id of the running process, or -1 */
    long pid() {
        synchronized (state) {
            return proc == null ? -1 : proc.pid();
        }
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runtime", "script (node " + node + ")");
        m.put("heapCapMb", heapMb);
        m.put("calls", callCount.get());
        m.put("failures", failures.get());
        synchronized (state) {
            m.put("process", closed ? "stopped" : proc != null ? "running" : "restarting");
            m.put("pid", proc == null ? null : proc.pid());
            m.put("restarts", restarts);
            m.put("crashesInARow", crashesInARow);
            m.put("lastExit", lastExit);
            if (restart != null) {
                m.put("nextStartInMs", Math.max(0, TimeUnit.NANOSECONDS.toMillis(restartAt - System.nanoTime())));
            }
        }
        return m;
    }

    @Override
    public void close() {
        NodeProcess p;
        synchronized (state) {
            if (closed) {
                return;
            }
            closed = true;
            if (restart != null) {
                restart.cancel(false);
                restart = null;
            }
            p = proc;
            proc = null;
            state.notifyAll();
        }
        registry.remove(this);
        if (p != null) {
            p.stop(settings.stopGraceMs());
        }
        LOG.debug("Script plugin {} stopped", id);
    }
}
