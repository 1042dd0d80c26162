package dev.dx.api.tool;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A tool agents can call. Register it as a service with {@link ToolName}; the agent runtime picks it up at once, and
 * drops it when the service goes away (a call in progress finishes). Which agents may use it is decided by their
 * tool policy (allow and deny lists), never by the tool.
 *
 * @since 0.1
 */
@ConsumerType
public interface Tool {
    /** @return the name, description and argument schema shown to the model */
    ToolSpec spec();

    /**
     * Runs the tool. Blocking is allowed: the agent runtime calls tools on its own threads with a deadline and
     * interrupts the thread to cancel. Failures the model should see are returned with {@link ToolResult#error}; an
     * exception is reported to the model as an internal error without details.
     *
     * @param invocation the call
     * @return the result
     */
    ToolResult invoke(ToolInvocation invocation);
}
