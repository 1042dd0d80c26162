package dev.dx.testsupport.fakemodel;

import java.util.List;
import java.util.Map;

/** Renders a {@link Reply} in one wire protocol. */
interface ProtocolWriter {
    /**
     * @param reply   the scripted turn
     * @param model   the model the request named
     * @param request the parsed request body (options such as {@code stream_options} matter)
     * @return the events of a successful streamed reply, in order
     */
    List<Frame> frames(Reply reply, String model, Map<String, Object> request);

    /** @return the JSON body of an HTTP error in this protocol's shape */
    Object errorBody(int status, String message);
}
