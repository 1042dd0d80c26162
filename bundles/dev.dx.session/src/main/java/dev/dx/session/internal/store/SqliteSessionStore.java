package dev.dx.session.internal.store;

import java.io.Reader;
import java.io.Writer;
import java.nio.file.Path;
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

import dev.dx.api.db.Database;
import dev.dx.api.rpc.ErrorCode;
import dev.dx.api.rpc.RpcException;
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

/**
 * The {@link SessionStore} on the shared {@link Database}, and the {@code sessions} section of the gateway status. This
 * component alone owns the session tables (component {@value SessionSchema#COMPONENT} in {@code dx_schema});
 * everything else in the bundle uses the service. Immediate, so that the tables are migrated when the bundle starts
 * (a damaged file shows in the log at once). The database reference is static: when the database service restarts,
 * so does this store, and no caller keeps working on a closed connection.
 */
@Component(service = {SessionStore.class, StatusContributor.class}, configurationPid = SessionConfig.PID,
        immediate = true)
@Designate(ocd = SessionConfig.class)
public final class SqliteSessionStore implements SessionStore, StatusContributor {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteSessionStore.class);

    @Reference
    private Database database;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;

    /** Everything that works on the database; {@code null} once deactivated. */
    private volatile Ops ops;

    private record Ops(Store store, SessionOps sessions, TranscriptOps transcripts, ArchiveOps archive,
            Listing listing) {
        Ops(Store s) {
            this(s, new SessionOps(s), new TranscriptOps(s), new ArchiveOps(s), new Listing(s));
        }
    }

    @Activate
    void activate(SessionConfig config) throws SQLException {
        validate(config);
        database.migrate(SessionSchema.COMPONENT, SessionSchema.MIGRATIONS);
        this.ops = new Ops(new Store(database, config.cacheSize(), new SessionEvents(() -> eventAdmin)));
        LOG.debug("Session store open on {}", database.file());
    }

    /** A new cache size applies at once. */
    @Modified
    void modified(SessionConfig config) {
        validate(config);
        ops().store().cache.resize(config.cacheSize());
    }

    @Deactivate
    void deactivate() {
        Ops o = ops;
        ops = null;
        if (o != null) {
            o.store().cache.clear();
        }
        LOG.debug("Session store closed");
    }

    private static void validate(SessionConfig c) {
        if (c.cacheSize() < 0) {
            throw new IllegalArgumentException("cacheSize in etc/dev.dx.session.cfg must be 0 or more");
        }
    }

    /** @return what works on the database; a call that arrives after deactivation is refused, not half done */
    private Ops ops() {
        Ops o = ops;
        if (o == null) {
            throw new RpcException(ErrorCode.UNAVAILABLE, "The session store is stopping; nothing was done, try again "
                    + "in a moment");
        }
        return o;
    }

    /** @return the database file in use */
    public Path databaseFile() {
        return ops().store().db.file();
    }

    @Override
    public Session create(String agentId, String routingKey, Map<String, Object> metadata) {
        return ops().sessions().create(agentId, routingKey, metadata);
    }

    @Override
    public Session getOrCreate(String agentId, String routingKey) {
        return ops().sessions().getOrCreate(agentId, routingKey);
    }

    @Override
    public Optional<Session> get(String key) {
        return ops().sessions().get(key);
    }

    @Override
    public Optional<Session> byRoutingKey(String routingKey) {
        return ops().sessions().byRoutingKey(routingKey);
    }

    @Override
    public Page<Session> list(SessionQuery query) {
        return ops().listing().list(query);
    }

    @Override
    public Message append(String key, NewMessage message) {
        Objects.requireNonNull(message, "message must not be null");
        return ops().transcripts().append(key, List.of(message)).get(0);
    }

    @Override
    public List<Message> append(String key, List<NewMessage> messages) {
        return ops().transcripts().append(key, messages);
    }

    @Override
    public Page<Message> history(String key, HistoryQuery query) {
        return ops().transcripts().history(key, query);
    }

    @Override
    public List<Message> context(String key) {
        return ops().transcripts().context(key);
    }

    @Override
    public Session patch(String key, SessionPatch patch) {
        return ops().sessions().patch(key, patch);
    }

    @Override
    public Session reset(String key) {
        return ops().sessions().reset(key);
    }

    @Override
    public Session archive(String key) {
        return ops().sessions().archive(key);
    }

    @Override
    public boolean delete(String key) {
        return ops().sessions().delete(key);
    }

    @Override
    public void markCompacted(String key, long throughSeq, long summarySeq) {
        ops().transcripts().markCompacted(key, throughSeq, summarySeq);
    }

    @Override
    public void export(String key, Writer out) {
        ops().archive().export(key, out);
    }

    @Override
    public Session importJsonl(Reader in) {
        return ops().archive().importJsonl(in);
    }

    @Override
    public String name() {
        return "sessions";
    }

    @Override
    public Map<String, Object> status() {
        return ops().listing().status();
    }
}
