package dev.dx.testsupport.fakemodel;

/**
 * One server-sent event as written on the wire.
 *
 * @param text  the event, ending with the blank line
 * @param delta whether it carries content (delays and cuts count these)
 */
record Frame(String text, boolean delta) {
    static Frame event(String name, String json, boolean delta) {
        return new Frame((name == null ? "" : "event: " + name + "\n") + "data: " + json + "\n\n", delta);
    }
}
