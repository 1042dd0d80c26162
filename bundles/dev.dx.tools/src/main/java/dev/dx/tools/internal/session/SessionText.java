package dev.dx.tools.internal.session;

import java.util.Locale;

import dev.dx.api.session.Message;
import dev.dx.api.session.Session;

/** How sessions and transcript entries read to a model. */
final class SessionText {
    private static final int MAX_ENTRY_CHARS = 2000;

    private SessionText() {
    }

    static String header(Session s) {
        Object title = s.metadata() == null ? null : s.metadata().get("title");
        return s.key() + "  " + s.state().name().toLowerCase(Locale.ROOT) + "  " + clip(s.routingKey(), 120)
                + "  updated " + s.updatedAt() + "  " + s.messageCount() + " entries"
                + (title == null ? "" : "  \"" + clip(String.valueOf(title), 100) + "\"");
    }

    static String entry(Message m) {
        StringBuilder sb = new StringBuilder("#").append(m.seq()).append(' ')
                .append(m.role().name().toLowerCase(Locale.ROOT));
        if (m.toolCall() != null) {
            sb.append(' ').append(m.toolCall().name());
            if (m.toolCall().arguments() != null) {
                sb.append(' ').append(clip(String.valueOf(m.toolCall().arguments()), 300));
            }
            if (m.toolCall().error()) {
                sb.append(" (error)");
            }
        }
        sb.append(": ").append(m.text() == null ? "" : clip(m.text(), MAX_ENTRY_CHARS)).append('\n');
        return sb.toString();
    }

    static String clip(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max) + "… [" + (s.length() - max) + " more characters]";
    }
}
