package dev.dx.session.internal.rpc;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.api.session.SessionStore;

/**
 * {@code sessions.export}: the session as JSONL text in the result. Capped at 4 MiB: the gateway accepts requests of
 * at most 4 MiB by default, so anything larger could not come back through {@code sessions.import} anyway; bigger
 * sessions are exported to a file from the console.
 */
@Component(service = RpcMethod.class)
@Rpc(method = "sessions.export", scope = Scope.READ, category = "sessions",
        description = "A session as JSONL text (header line, then one line per entry), up to 4 MiB")
public final class SessionsExportMethod implements RpcMethod {
    /** Largest export returned in a result, in characters. */
    static final int MAX_CHARS = 4 * 1024 * 1024;

    /** Parameters. */
    public record Params(String key) {
    }

    /** The export. */
    public record Result(String key, String jsonl, long chars) {
    }

    @Reference
    private SessionStore store;

    @Override
    public Object call(RpcContext ctx) {
        String key = ctx.params(Params.class).key();
        CappedWriter out = new CappedWriter(MAX_CHARS, "The export of this session is larger than 4 MiB; export it to "
                + "a file from the DX console: sessions:export " + key + " <file>");
        store.export(key, out);
        String jsonl = out.toString();
        return new Result(key, jsonl, jsonl.length());
    }
}
