package dev.dx.session.internal.rpc;

import java.io.StringReader;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.dx.api.rpc.Rpc;
import dev.dx.api.rpc.RpcContext;
import dev.dx.api.rpc.RpcException;
import dev.dx.api.rpc.RpcMethod;
import dev.dx.api.rpc.Scope;
import dev.dx.api.session.SessionStore;

/** {@code sessions.import}: stores a session from JSONL text; every line is checked before anything is stored. */
@Component(service = RpcMethod.class)
@Rpc(method = "sessions.import", scope = Scope.WRITE, category = "sessions",
        description = "Import a session from JSONL text as sessions.export wrote it ({jsonl}); all or nothing")
public final class SessionsImportMethod implements RpcMethod {
    /** Parameters. */
    public record Params(String jsonl) {
    }

    @Reference
    private SessionStore store;

    @Override
    public Object call(RpcContext ctx) {
        String jsonl = ctx.params(Params.class).jsonl();
        if (jsonl == null || jsonl.isBlank()) {
            throw RpcException.invalidParams("Give 'jsonl': the text sessions.export returned");
        }
        return store.importJsonl(new StringReader(jsonl));
    }
}
