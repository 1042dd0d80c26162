package dev.dx.api.session;

/**
 * Who a transcript entry comes from.
 *
 * @since 0.1
 */
public enum Role {
    /** Instructions to the model. */
    SYSTEM,
    /** What the user said. */
    USER,
    /** What the model answered (text). */
    ASSISTANT,
    /** A tool the model asked to run: {@link Message#toolCall()} holds id, name and arguments. */
    TOOL_CALL,
    /** The outcome of a tool call: {@link Message#toolCall()} holds the call id and name, text the result. */
    TOOL_RESULT,
    /** A compaction summary that stands for older entries. */
    SUMMARY
}
