package dev.dx.session.internal.store;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dx.api.session.HistoryQuery;
import dev.dx.api.session.Message;
import dev.dx.api.session.NewMessage;
import dev.dx.api.session.Page;
import dev.dx.api.session.Session;
import dev.dx.api.session.SessionPatch;
import dev.dx.api.session.SessionQuery;
import dev.dx.api.session.SessionStore;
import dev.dx.api.status.StatusContributor;
import dev.dx.session.internal.SessionConfig;
import dev.dx.session.internal.db.Database;

/**
 * The {@link SessionStore} on SQLite, and the {@code sessions} section of the gateway status. This component alone
 * owns the configuration and the database; everything else in the bundle uses the service. Immediate, so that the
 * database is opened and migrated when the bundle starts (a damaged file shows in the log at once) and stays open
 * rather than following its consumers in and out.
 */
@Component(service = {SessionStore.class, StatusContributor.class}, configurationPid = SessionConfig.PID,
        immediate = true)
@Designate(ocd = SessionConfig.class)
public final class SqliteSessionStore implements SessionStore, StatusContributor {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteSessionStore.class);
    /** Read connections: enough for the two cores of a small machine plus a slow export. */
    private static final int READERS = 4;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;

    private volatile SessionConfig config;
    /** Everything that works on one open database; replaced as a whole when the database is reopened. */
    private volatile Ops ops;

    private record Ops(Store store, SessionOps sessions, TranscriptOps transcripts, ArchiveOps archive,
            Listing listing) {
        Ops(Store s) {
            this(s, new SessionOps(s), new TranscriptOps(s), new ArchiveOps(s), new Listing(s));
        }
    }

    @Activate
    void activate(SessionConfig config) throws SQLException, IOException {
        open(config);
    }

    /** Cache size applies at once; a new path or busy timeout reopens the database. */
    @Modified
    void modified(SessionConfig config) throws SQLException, IOException {
        validate(config);
        SessionConfig old = this.config;
        if (resolve(old.databasePath()).equals(resolve(config.databasePath()))
                && old.busyTimeoutMs() == config.busyTimeoutMs()) {
            this.config = config;
            ops.store().cache.resize(config.cacheSize());
            return;
        }
        Ops previous = ops;
        open(config);
        previous.store().db.close();
    }

    @Deactivate
    void deactivate() {
        Ops o = ops;
        if (o != null) {
            o.store().db.close();
            o.store().cache.clear();
        }
        LOG.debug("Session store closed");
    }

    private static void validate(SessionConfig c) {
        if (c.busyTimeoutMs() < 100) {
            throw new IllegalArgumentException("busyTimeoutMs in etc/dev.dx.session.cfg must be 100 or more");
        }
        if (c.cacheSize() < 0) {
            throw new IllegalArgumentException("cacheSize in etc/dev.dx.session.cfg must be 0 or more");
        }
    }

    private void open(SessionConfig c) throws SQLException, IOException {
        validate(c);
        Path file = resolve(c.databasePath());
        Database db = new Database(file, c.busyTimeoutMs(), READERS);
        try {
            db.migrate(SessionSchema.COMPONENT, SessionSchema.MIGRATIONS);
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw e;
        }
        this.ops = new Ops(new Store(db, c.cacheSize(), new SessionEvents(() -> eventAdmin)));
        this.config = c;
        LOG.debug("Session store open on {}", file);
    }

    /** @return the configured path with {@code ${karaf.data}} replaced by Karaf's data directory */
    static Path resolve(String configured) {
        String path = configured == null || configured.isBlank() ? "${karaf.data}/dx/dx.db" : configured.trim();
        if (path.contains("${karaf.data}")) {
            String data = System.getProperty("karaf.data");
            if (data == null) {
                throw new IllegalArgumentException("databasePath in etc/dev.dx.session.cfg uses ${karaf.data}, but "
                        + "karaf.data is not set; give an absolute path");
            }
            path = path.replace("${karaf.data}", data);
        }
        return Paths.get(path).toAbsolutePath().normalize();
    }

    /** @return the database file in use */
    public Path databaseFile() {
        return ops.store().db.file();
    }

    /** @return the database, for tests that simulate failures */
    Database database() {
        return ops.store().db;
    }

    @Override
    public Session create(String agentId, String routingKey, Map<String, Object> metadata) {
        return ops.sessions().create(agentId, routingKey, metadata);
    }

    @Override
    public Session getOrCreate(String agentId, String routingKey) {
        return ops.sessions().getOrCreate(agentId, routingKey);
    }

    @Override
    public Optional<Session> get(String key) {
        return ops.sessions().get(key);
    }

    @Override
    public Optional<Session> byRoutingKey(String routingKey) {
        return ops.sessions().byRoutingKey(routingKey);
    }

    @Override
    public Page<Session> list(SessionQuery query) {
        return ops.listing().list(query);
    }

    @Override
    public Message append(String key, NewMessage message) {
        Objects.requireNonNull(message, "message must not be null");
        return ops.transcripts().append(key, List.of(message)).get(0);
    }

    @Override
    public List<Message> append(String key, List<NewMessage> messages) {
        return ops.transcripts().append(key, messages);
    }

    @Override
    public Page<Message> history(String key, HistoryQuery query) {
        return ops.transcripts().history(key, query);
    }

    @Override
    public List<Message> context(String key) {
        return ops.transcripts().context(key);
    }

    @Override
    public Session patch(String key, SessionPatch patch) {
        return ops.sessions().patch(key, patch);
    }

    @Override
    public Session reset(String key) {
        return ops.sessions().reset(key);
    }

    @Override
    public Session archive(String key) {
        return ops.sessions().archive(key);
    }

    @Override
    public boolean delete(String key) {
        return ops.sessions().delete(key);
    }

    @Override
    public void markCompacted(String key, long throughSeq, long summarySeq) {
        ops.transcripts().markCompacted(key, throughSeq, summarySeq);
    }

    @Override
    public void export(String key, Writer out) {
        ops.archive().export(key, out);
    }

    @Override
    public Session importJsonl(Reader in) {
        return ops.archive().importJsonl(in);
    }

    @Override
    public String name() {
        return "sessions";
    }

    @Override
    public Map<String, Object> status() {
        return ops.listing().status();
    }
}
