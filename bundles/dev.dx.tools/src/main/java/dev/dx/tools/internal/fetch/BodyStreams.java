package dev.dx.tools.internal.fetch;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

import java.util.concurrent.TimeUnit;

/** The input streams between a socket and a body: deadlines, framing and caps. */
final class BodyStreams {
    private BodyStreams() {
    }

    /** The whole fetch ran out of time. */
    static final class TotalTimeout extends IOException {
        private static final long serialVersionUID = 1L;

        TotalTimeout() {
            super("total timeout");
        }
    }

    /** Before every read: the socket timeout is the idle timeout or the time left, whichever is shorter. */
    static final class Deadline extends FilterInputStream {
        private final Socket socket;
        private final long deadline;
        private final int idleMs;
        private boolean lastWait;

        Deadline(InputStream in, Socket socket, long deadlineNanos, int idleMs) {
            super(in);
            this.socket = socket;
            this.deadline = deadlineNanos;
            this.idleMs = idleMs;
        }

        private void arm() throws IOException {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new TotalTimeout();
            }
            lastWait = left <= idleMs;
            socket.setSoTimeout((int) Math.max(1, Math.min(idleMs, left)));
        }

        /** A timeout of a wait the deadline shortened is the deadline's, even if it fired a hair early. */
        private IOException translate(SocketTimeoutException e) {
            return lastWait || System.nanoTime() - deadline >= 0 ? new TotalTimeout() : e;
        }

        @Override
        public int read() throws IOException {
            arm();
            try {
                return super.read();
            } catch (SocketTimeoutException e) {
                throw translate(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            arm();
            try {
                return super.read(b, off, len);
            } catch (SocketTimeoutException e) {
                throw translate(e);
            }
        }
    }

    /** Ends after {@code limit} bytes and remembers whether more were available. */
    static final class Capped extends FilterInputStream {
        private long left;
        private boolean hit;

        Capped(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        boolean hit() {
            return hit;
        }

        /** Whether anything follows the cap; a stalled site counts as "maybe", so the body is marked cut. */
        private boolean peek() {
            try {
                return super.read() != -1;
            } catch (IOException e) {
                return true;
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (left <= 0) {
                if (!hit) {
                    hit = peek();
                }
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    /** Exactly {@code length} bytes (Content-Length); a connection closed early is an error. */
    static final class Exact extends FilterInputStream {
        private long left;

        Exact(InputStream in, long length) {
            super(in);
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new IOException("the site closed the connection before the end of the body");
            }
            left -= n;
            return n;
        }
    }

    /** The chunked transfer coding, with caps on the size lines and trailers. */
    static final class Chunked extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0 && !nextChunk()) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new IOException("the site closed the connection inside a chunk");
            }
            left -= n;
            if (left == 0) {
                expectCrlf();
            }
            return n;
        }

        private boolean nextChunk() throws IOException {
            String line = line(1024);
            int semi = line.indexOf(';');
            String size = (semi >= 0 ? line.substring(0, semi) : line).trim();
            if (!size.matches("[0-9a-fA-F]{1,15}")) {
                throw new IOException("the site sent a malformed chunk size");
            }
            left = Long.parseLong(size, 16);
            if (left == 0) {
                for (int i = 0; i < 64 && !line(8192).isEmpty(); i++) {
                    // trailer fields are read and dropped
                }
                done = true;
                return false;
            }
            return true;
        }

        private void expectCrlf() throws IOException {
            if (!line(2).isEmpty()) {
                throw new IOException("the site sent a malformed chunk end");
            }
        }

        private String line(int max) throws IOException {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    if (sb.length() >= max) {
                        throw new IOException("the site sent an over-long chunk line");
                    }
                    sb.append((char) c);
                }
            }
            if (c == -1) {
                throw new IOException("the site closed the connection inside the chunked body");
            }
            return sb.toString();
        }
    }
}
