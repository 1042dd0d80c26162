package dev.dx.tools.internal.fetch;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/** Reads a response body: framing, then the wire cap, then decompression, then the decoded cap. */
final class Bodies {
    private Bodies() {
    }

    /**
     * @param bytes the decoded body
     * @param cut   whether a cap stopped it early
     */
    record Body(byte[] bytes, boolean cut) {
    }

    static Body read(InputStream in, HttpHead head, HttpFetcher.Limits limits) throws IOException, FetchException {
        InputStream framed = head.chunked() ? new BodyStreams.Chunked(in)
                : head.contentLength() >= 0 ? new BodyStreams.Exact(in, head.contentLength()) : in;
        BodyStreams.Capped wire = new BodyStreams.Capped(framed, limits.maxResponseBytes());
        String coding = head.header("content-encoding");
        coding = coding == null ? "identity" : coding.trim().toLowerCase(Locale.ROOT);
        InputStream decoded;
        try {
            decoded = switch (coding) {
                case "identity", "" -> wire;
                case "gzip", "x-gzip" -> new GZIPInputStream(wire, 8192);
                case "deflate" -> deflate(wire);
                default -> throw new FetchException("The site used an unsupported Content-Encoding '" + coding
                        + "'.");
            };
        } catch (EOFException | ZipException e) {
            return new Body(new byte[0], wire.hit());
        }
        BodyStreams.Capped plain = new BodyStreams.Capped(decoded, limits.maxDecodedBytes());
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = plain.read(buf, 0, buf.length)) != -1) {
                out.write(buf, 0, n);
            }
        } catch (EOFException | ZipException e) {
            // a compressed body cut by the wire cap ends mid-stream: keep what was decoded
            if (!wire.hit()) {
                throw new FetchException("The site sent a corrupt " + coding + " body.");
            }
        }
        return new Body(out.toByteArray(), wire.hit() || plain.hit());
    }

    /** HTTP "deflate" is meant to be zlib-wrapped, but some servers send raw deflate: look at the first bytes. */
    private static InputStream deflate(InputStream in) throws IOException {
        PushbackInputStream p = new PushbackInputStream(in, 2);
        byte[] two = p.readNBytes(2);
        p.unread(two);
        boolean zlib = two.length == 2 && (two[0] & 0x0f) == 8 && (((two[0] & 0xff) << 8) | (two[1] & 0xff)) % 31 == 0;
        return new InflaterInputStream(p, new Inflater(!zlib), 8192);
    }
}
