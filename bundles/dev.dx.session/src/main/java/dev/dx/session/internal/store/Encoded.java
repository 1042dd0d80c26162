package dev.dx.session.internal.store;

import dev.dx.api.session.NewMessage;
import dev.dx.api.session.Role;
import dev.dx.api.session.ToolCall;

/**
 * An entry ready to insert: its JSON columns written and its token count known. Encoding happens before the write
 * lock is taken, so the lock is held for SQL only.
 */
record Encoded(NewMessage source, String toolArguments, String parts, String meta, int tokens) {

    static Encoded of(NewMessage m, JsonColumns json) {
        ToolCall call = m.toolCall();
        String args = call == null || call.arguments() == null ? null : json.write(call.arguments(), "tool arguments");
        String parts = m.parts().isEmpty() ? "[]" : json.write(m.parts(), "message parts");
        String meta = m.meta().isEmpty() ? "{}" : json.write(m.meta(), "message meta");
        if (call != null && (call.id() == null || call.id().isBlank() || call.name() == null || call.name().isBlank())) {
            throw dev.dx.api.rpc.RpcException.invalidParams(m.role() + " entries need the tool call id and name");
        }
        if (m.tokens() < 0) {
            throw dev.dx.api.rpc.RpcException.invalidParams("tokens must be 0 (to estimate) or more");
        }
        int tokens = m.tokens() > 0 ? m.tokens() : estimate(m, args, parts);
        return new Encoded(m, args, parts, meta, tokens);
    }

    Role role() {
        return source.role();
    }

    /**
     * A rough count for entries that come without one: about four characters per token, the usual rule of thumb for
     * English text with BPE tokenizers. Good enough to decide when to compact; never used for billing.
     */
    static int estimate(NewMessage m, String args, String parts) {
        long chars = (m.text() == null ? 0 : m.text().length())
                + (args == null ? 0 : args.length())
                + ("[]".equals(parts) ? 0 : parts.length())
                + (m.toolCall() == null ? 0 : m.toolCall().name().length());
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (chars + 3) / 4));
    }
}
