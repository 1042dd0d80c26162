package dev.dx.tools.internal.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The status line and headers of an HTTP/1.x response, read with a cap on their total size and count.
 *
 * @param status        the status code
 * @param reason        the reason phrase
 * @param headers       the first value of each header, names in lower case
 * @param contentLength the declared body length, or -1
 * @param chunked       whether the body is chunked
 */
record HttpHead(int status, String reason, Map<String, String> headers, long contentLength, boolean chunked) {
    private static final Pattern STATUS = Pattern.compile("HTTP/1\\.[01] ([1-5][0-9][0-9])(?: (.*))?");
    private static final Pattern NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final int MAX_HEADERS = 200;
    private static final int MAX_INTERIM = 5;

    /** Reads the response head, skipping interim (1xx) responses. */
    static HttpHead read(InputStream in, int maxBytes) throws IOException, FetchException {
        int[] budget = {maxBytes};
        for (int i = 0; i <= MAX_INTERIM; i++) {
            HttpHead head = readOne(in, budget);
            if (head.status() >= 200) {
                return head;
            }
        }
        throw new FetchException("The site sent more than " + MAX_INTERIM + " interim (1xx) responses.");
    }

    private static HttpHead readOne(InputStream in, int[] budget) throws IOException, FetchException {
        String statusLine = line(in, budget);
        Matcher m = STATUS.matcher(statusLine);
        if (!m.matches()) {
            throw new FetchException("The site did not answer with HTTP/1.x (status line '"
                    + (statusLine.length() > 60 ? statusLine.substring(0, 60) : statusLine) + "').");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        long length = -1;
        int count = 0;
        String encoding = null;
        for (String line = line(in, budget); !line.isEmpty(); line = line(in, budget)) {
            if (++count > MAX_HEADERS) {
                throw new FetchException("The site sent more than " + MAX_HEADERS + " headers.");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !NAME.matcher(line.substring(0, colon)).matches()) {
                throw new FetchException("The site sent a malformed header line.");
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                if (!value.matches("[0-9]{1,18}") || (length >= 0 && length != Long.parseLong(value))) {
                    throw new FetchException("The site sent an invalid or conflicting Content-Length.");
                }
                length = Long.parseLong(value);
            } else if (name.equals("transfer-encoding")) {
                encoding = encoding == null ? value : encoding + "," + value;
            }
            headers.putIfAbsent(name, value);
        }
        boolean chunked = false;
        if (encoding != null) {
            String last = encoding.substring(encoding.lastIndexOf(',') + 1).trim().toLowerCase(Locale.ROOT);
            if (!last.equals("chunked")) {
                throw new FetchException("The site used an unsupported Transfer-Encoding '" + encoding + "'.");
            }
            chunked = true;
            length = -1;
        }
        return new HttpHead(Integer.parseInt(m.group(1)), m.group(2) == null ? "" : m.group(2), headers, length,
                chunked);
    }

    /** One line without its CRLF (or LF), decoded as ISO-8859-1; the budget counts every byte of the head. */
    static String line(InputStream in, int[] budget) throws IOException, FetchException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != -1) {
            if (--budget[0] < 0) {
                throw new FetchException("The site's response headers are larger than the limit.");
            }
            if (b == '\n') {
                break;
            }
            if (b == 0) {
                throw new FetchException("The site sent a NUL byte in its headers.");
            }
            out.write(b);
        }
        if (b == -1) {
            throw new FetchException("The site closed the connection before the end of its headers.");
        }
        String s = out.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** @return a header value, or null */
    String header(String name) {
        return headers.get(name);
    }

    boolean isRedirect() {
        return (status == 301 || status == 302 || status == 303 || status == 307 || status == 308)
                && header("location") != null;
    }
}
