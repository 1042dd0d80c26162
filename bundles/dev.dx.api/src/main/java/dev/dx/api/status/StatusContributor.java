package dev.dx.api.status;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A section of the gateway's {@code status} report. Register it as a service; the gateway calls it on every
 * {@code status} request, so it must answer quickly and never throw.
 *
 * @since 0.1
 */
@ConsumerType
public interface StatusContributor {
    /** @return the section name in the report, e.g. {@code "secrets"} */
    String name();

    /**
     * @return JSON-ready values (maps, lists, strings, numbers, booleans); by convention a {@code "state"} entry
     *         ({@code "ok"}, {@code "degraded"}, {@code "locked"}, ...) and, when something is wrong, {@code "problems"}:
     *         a list of messages that say what is wrong and what to do
     */
    Map<String, Object> status();
}
