package dev.dx.session.internal.store;

import dev.dx.api.session.Session;

/**
 * A session header as stored.
 *
 * @param session    the session (with empty metadata if its metadata cannot be read)
 * @param quarantine why the session cannot be used, or {@code null} while it is healthy
 */
record Header(Session session, String quarantine) {
    String key() {
        return session.key();
    }
}
