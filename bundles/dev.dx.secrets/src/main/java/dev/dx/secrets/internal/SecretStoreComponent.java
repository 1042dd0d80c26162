package dev.dx.secrets.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.event.Topics;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.secrets.SecretStore;
import dev.dx.api.status.StatusContributor;
import dev.dx.secrets.internal.crypto.Argon2Params;
import dev.dx.secrets.internal.store.AtomicFile;
import dev.dx.secrets.internal.store.Throttle;
import dev.dx.secrets.internal.store.Vault;
import dev.dx.secrets.internal.store.VaultListener;

/**
 * The {@link SecretStore} service and the {@code secrets} section of {@code status}. At start, and whenever the
 * configuration changes while locked, it unlocks the store on its own thread with {@code DX_MASTER_PASSWORD} or the
 * configured password file, if there is one; otherwise the store waits, locked, for {@code secrets:unlock}.
 */
@Component(name = SecretsConfig.PID, configurationPid = SecretsConfig.PID,
        service = {SecretStore.class, StatusContributor.class})
@Designate(ocd = SecretsConfig.class)
public final class SecretStoreComponent implements SecretStore, StatusContributor {
    /** The environment variable holding the master password. */
    public static final String ENV = "DX_MASTER_PASSWORD";
    private static final Logger LOG = LoggerFactory.getLogger(SecretStoreComponent.class);

    @Reference
    private EventAdmin events;

    private final UnaryOperator<String> environment;
    private final Throttle throttle = new Throttle(new Throttle.Policy(3, 2000, 900_000), System::nanoTime);
    private ExecutorService unlocker;
    // the pool's current worker: terminated pools still let it run its last lines, so deactivate joins it
    private volatile Thread unlockThread;
    private volatile SecretsConfig config;
    private volatile Vault vault;
    private volatile String autoUnlockProblem;

    public SecretStoreComponent() {
        this(System::getenv);
    }

    SecretStoreComponent(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    @Activate
    void activate(SecretsConfig c) {
        Argon2Params params = params(c);
        throttle.policy(policy(c));
        unlocker = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "dx-secrets-unlock");
            t.setDaemon(true);
            unlockThread = t;
            return t;
        });
        config = c;
        vault = new Vault(new AtomicFile(storeFile(c)), params, throttle, new Events());
        autoUnlock();
    }

    @Modified
    void modified(SecretsConfig c) {
        Argon2Params params = params(c);
        throttle.policy(policy(c));
        config = c;
        if (!storeFile(c).equals(vault.path())) {
            LOG.info("Secret store moves to {}; locking the old one", storeFile(c));
            vault.close();
            vault = new Vault(new AtomicFile(storeFile(c)), params, throttle, new Events());
        } else {
            vault.params(params);
        }
        autoUnlock();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        unlocker.shutdownNow();
        if (!unlocker.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.warn("The secret store unlock thread did not stop within 10 s");
        }
        Thread t = unlockThread;
        if (t != null) {
            t.join(TimeUnit.SECONDS.toMillis(10));
        }
        vault.close();
    }

    /** Unlocks in the background with the password from the environment or the password file, if either is set. */
    private void autoUnlock() {
        Vault v = vault;
        SecretsConfig c = config;
        String fromEnv = environment.apply(ENV);
        boolean env = fromEnv != null && !fromEnv.isEmpty();
        if (v.state() == State.UNLOCKED || !env && c.passwordFile().isBlank()) {
            autoUnlockProblem = null;
            if (v.state() != State.UNLOCKED) {
                LOG.info("Secret store {} is {}: run secrets:unlock in the console, set {} or configure passwordFile",
                        v.path(), v.state().name().toLowerCase(Locale.ROOT), ENV);
            }
            return;
        }
        String source = env ? ENV : "the password file";
        unlocker.execute(() -> {
            char[] password = null;
            try {
                password = env ? fromEnv.toCharArray()
                        : PasswordFile.read(Paths.get(expand(c.passwordFile().trim())));
                v.unlock(password);
                autoUnlockProblem = null;
            } catch (RpcException | IllegalStateException e) {
                autoUnlockProblem = "Unlocking with " + source + " failed: " + e.getMessage();
                LOG.warn("{}", autoUnlockProblem);
            } finally {
                if (password != null) {
                    Arrays.fill(password, '\0');
                }
            }
        });
    }

    @Override
    public State state() {
        return vault.state();
    }

    @Override
    public Optional<String> get(String name) {
        return vault.get(name);
    }

    @Override
    public void set(String name, char[] value) {
        vault.set(name, value);
    }

    @Override
    public boolean delete(String name) {
        return vault.delete(name);
    }

    @Override
    public List<String> names() {
        return vault.names();
    }

    @Override
    public void unlock(char[] password) {
        vault.unlock(password);
        autoUnlockProblem = null;
    }

    @Override
    public void lock() {
        vault.lock();
    }

    @Override
    public void changePassword(char[] current, char[] next) {
        vault.changePassword(current, next);
    }

    @Override
    public String name() {
        return "secrets";
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> s = vault.status();
        String auto = autoUnlockProblem;
        if (auto != null && vault.state() != State.UNLOCKED) {
            @SuppressWarnings("unchecked")
            List<String> problems = (List<String>) s.get("problems");
            problems.add(auto);
        }
        return s;
    }

    static Path storeFile(SecretsConfig c) {
        String configured = expand(c.storeFile().trim());
        return (configured.isEmpty() ? Paths.get(System.getProperty("karaf.data", "data"), "dx", "secrets.store")
                : Paths.get(configured)).toAbsolutePath();
    }

    /** Expands {@code ${karaf.data}} and its siblings, which DX's configuration files keep as written. */
    static String expand(String path) {
        String p = path;
        for (String key : new String[] {"karaf.data", "karaf.home", "karaf.base", "karaf.etc"}) {
            String value = System.getProperty(key);
            if (value != null) {
                p = p.replace("${" + key + "}", value);
            }
        }
        return p;
    }

    static Argon2Params params(SecretsConfig c) {
        return Argon2Params.of(c.argon2MemoryKiB(), c.argon2Iterations(), c.argon2Parallelism());
    }

    static Throttle.Policy policy(SecretsConfig c) {
        if (c.unlockFailuresBeforeDelay() < 1 || c.unlockDelayMs() < 1 || c.unlockMaxDelayMs() < c.unlockDelayMs()) {
            throw new IllegalArgumentException("unlockFailuresBeforeDelay and unlockDelayMs must be at least 1, and "
                    + "unlockMaxDelayMs at least unlockDelayMs");
        }
        return new Throttle.Policy(c.unlockFailuresBeforeDelay(), c.unlockDelayMs(), c.unlockMaxDelayMs());
    }

    /** Store changes as EventAdmin events; payloads name a secret at most, never a value. */
    private final class Events implements VaultListener {
        @Override
        public void unlocked() {
            post(Topics.SECRETS_UNLOCKED, Map.of());
        }

        @Override
        public void locked() {
            post(Topics.SECRETS_LOCKED, Map.of());
        }

        @Override
        public void changed(String name, String action) {
            post(Topics.SECRETS_CHANGED, Map.of("name", name, "action", action));
        }

        private void post(String topic, Map<String, Object> payload) {
            events.postEvent(new Event(topic, Map.of(Topics.PAYLOAD, payload)));
        }
    }
}
