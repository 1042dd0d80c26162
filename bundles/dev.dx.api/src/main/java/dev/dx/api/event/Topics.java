package dev.dx.api.event;

/**
 * EventAdmin topics and property names. Every DX event carries its data in {@link #PAYLOAD} as a JSON-serialisable
 * value (record, map, list, string, number, boolean) so the gateway can relay it to clients unchanged.
 *
 * @since 0.1
 */
public final class Topics {
    /** All DX topics start with this. */
    public static final String PREFIX = "dx/";
    /** Subscribes to every DX topic. */
    public static final String ALL = "dx/*";
    /** Event property holding the payload. */
    public static final String PAYLOAD = "payload";

    /** A client connected to the gateway; payload: connection id, transport, client. */
    public static final String GATEWAY_CONNECTED = "dx/gateway/CONNECTED";
    /** A client disconnected; payload: connection id and reason. */
    public static final String GATEWAY_DISCONNECTED = "dx/gateway/DISCONNECTED";
    /** The gateway token was rotated; payload empty. */
    public static final String GATEWAY_TOKEN_ROTATED = "dx/gateway/TOKEN_ROTATED";

    private Topics() {
    }
}
