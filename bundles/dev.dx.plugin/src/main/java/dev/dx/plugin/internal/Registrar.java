package dev.dx.plugin.internal;

import java.util.Map;

/**
 * Where plugin services are registered: the host bundle's service registry in the container, a plain list in unit
 * tests.
 */
interface Registrar {
    /** A registered service. */
    interface Handle {
        void properties(Map<String, Object> props);

        void unregister();
    }

    Handle register(Class<?> type, Object service, Map<String, Object> props);

    /**
     * @param toolName a tool name
     * @return who else (another bundle) already provides a tool of that name, or {@code null}
     */
    String toolOwner(String toolName);
}
