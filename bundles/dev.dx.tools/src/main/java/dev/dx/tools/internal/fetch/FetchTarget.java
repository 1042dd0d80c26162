package dev.dx.tools.internal.fetch;

import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A URL web_fetch may try, parsed strictly: http or https, a host that is either a DNS name or an IP address in its
 * one canonical form (four decimal numbers, or a bracketed IPv6 literal). Decimal, octal, hex and short IPv4 forms
 * ({@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1}, {@code 127.1}) are refused outright: resolvers disagree
 * on them, and that disagreement is how address checks get bypassed.
 *
 * @param uri     the URL, ASCII
 * @param https   whether TLS is used
 * @param host    the host name (lower case, ASCII) or the address literal without brackets
 * @param literal the address when the host is one, else null (the name must be resolved)
 * @param port    the port
 */
record FetchTarget(URI uri, boolean https, String host, InetAddress literal, int port) {
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):");
    private static final Pattern DOTTED_QUAD = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0x[0-9a-f]*");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]{2,45}");
    private static final int MAX_URL = 8192;

    static FetchTarget parse(String url) throws FetchException {
        if (url == null || url.isEmpty()) {
            throw new FetchException("The URL is empty; give an http:// or https:// URL.");
        }
        if (url.length() > MAX_URL) {
            throw new FetchException("The URL is longer than " + MAX_URL + " characters.");
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= 0x20 || c == 0x7f) {
                throw new FetchException("The URL contains spaces or control characters; percent-encode them "
                        + "(a space is %20).");
            }
            if (c == '\\') {
                throw new FetchException("The URL contains a backslash; use '/' (backslashes are read as '/' by "
                        + "some software, so they are refused).");
            }
        }
        Matcher m = SCHEME.matcher(url);
        if (!m.lookingAt()) {
            throw new FetchException("'" + shorten(url) + "' has no scheme; web_fetch fetches http:// and https:// "
                    + "URLs only.");
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new FetchException("The scheme '" + scheme + ":' is not allowed; web_fetch fetches http:// and "
                    + "https:// URLs only.");
        }
        String rest = url.substring(m.end());
        if (!rest.startsWith("//")) {
            throw new FetchException("The URL must look like " + scheme + "://host/path.");
        }
        int end = 2;
        while (end < rest.length() && "/?#".indexOf(rest.charAt(end)) < 0) {
            end++;
        }
        String authority = rest.substring(2, end);
        String tail = rest.substring(end);
        if (authority.indexOf('@') >= 0) {
            throw new FetchException("User names and passwords in URLs are not supported; remove the part before '@'.");
        }
        boolean https = scheme.equals("https");
        String hostPart = authority;
        int port = https ? 443 : 80;
        int close = authority.indexOf(']');
        if (authority.startsWith("[") && close < 0) {
            throw new FetchException("The IPv6 address in the URL lacks its closing ']'.");
        }
        int colon = authority.startsWith("[") ? authority.indexOf(':', close) : authority.lastIndexOf(':');
        if (colon >= 0) {
            hostPart = authority.substring(0, colon);
            port = port(authority.substring(colon + 1));
        }
        String host;
        InetAddress literal = null;
        if (hostPart.startsWith("[")) {
            if (!hostPart.endsWith("]")) {
                throw new FetchException("Only a port may follow the ']' of an IPv6 address.");
            }
            host = hostPart.substring(1, hostPart.length() - 1).toLowerCase(Locale.ROOT);
            literal = ipv6(host);
        } else {
            host = hostName(hostPart);
            if (DOTTED_QUAD.matcher(host).matches()) {
                literal = ipv4(host);
            }
        }
        String hostForUri = literal != null && host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        boolean defaultPort = port == (https ? 443 : 80);
        try {
            URI uri = new URI(scheme + "://" + hostForUri + (defaultPort ? "" : ":" + port) + tail);
            return new FetchTarget(new URI(uri.toASCIIString()), https, host, literal, port);
        } catch (URISyntaxException e) {
            throw new FetchException("'" + shorten(url) + "' is not a valid URL: " + e.getReason() + ".");
        }
    }

    /** The path and query to send, never empty. */
    String requestTarget() {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    /** The request: a GET of the path with the Host header, asking for text and a closed connection after. */
    String requestHead() {
        try {
            return requestHead("GET", Map.of(), -1);
        } catch (FetchException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The request line and headers. Callers' headers may not set framing or routing (Host, Connection,
     * Content-Length, Transfer-Encoding, Upgrade, TE, Proxy-*) and may not contain line breaks.
     *
     * @param bodyLength the body's length, or -1 for none
     */
    String requestHead(String method, Map<String, String> headers, int bodyLength) throws FetchException {
        if (!java.util.Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
            throw new FetchException(FetchException.Kind.BLOCKED, "The method '" + shorten(method) + "' is not allowed");
        }
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(requestTarget()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(hostHeader()).append("\r\n");
        boolean agent = false;
        boolean accept = false;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String name = h.getKey();
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}") || h.getValue().matches("(?s).*[\\r\\n\\x00].*")
                    || java.util.Set.of("host", "connection", "content-length", "transfer-encoding", "upgrade", "te",
                            "keep-alive", "trailer").contains(lower) || lower.startsWith("proxy-")) {
                throw new FetchException(FetchException.Kind.BLOCKED, "The header '" + shorten(name) + "' may not be set");
            }
            agent |= lower.equals("user-agent");
            accept |= lower.equals("accept-encoding");
            sb.append(name).append(": ").append(h.getValue()).append("\r\n");
        }
        if (!agent) {
            sb.append("User-Agent: DX-web_fetch/0.1\r\n");
        }
        if (headers.isEmpty()) {
            sb.append("Accept: text/html,application/xhtml+xml,text/plain;q=0.9,application/json;q=0.8,*/*;q=0.5\r\n");
        }
        if (!accept) {
            sb.append("Accept-Encoding: gzip, deflate\r\n");
        }
        if (bodyLength >= 0) {
            sb.append("Content-Length: ").append(bodyLength).append("\r\n");
        }
        return sb.append("Connection: close\r\n\r\n").toString();
    }

    /** The Host header. */
    String hostHeader() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return port == (https ? 443 : 80) ? h : h + ":" + port;
    }

    private static int port(String s) throws FetchException {
        if (s.isEmpty()) {
            throw new FetchException("The URL has an empty port after ':'.");
        }
        if (!s.matches("[0-9]{1,5}") || Integer.parseInt(s) < 1 || Integer.parseInt(s) > 65535) {
            throw new FetchException("The port '" + shorten(s) + "' is not a number from 1 to 65535.");
        }
        return Integer.parseInt(s);
    }

    private static String hostName(String raw) throws FetchException {
        if (raw.isEmpty()) {
            throw new FetchException("The URL has no host.");
        }
        if (raw.indexOf('%') >= 0) {
            throw new FetchException("The host '" + shorten(raw) + "' is percent-encoded; write it plainly.");
        }
        String host;
        try {
            host = IDN.toASCII(raw, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new FetchException("The host '" + shorten(raw) + "' is not a valid host name.");
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        String[] labels = host.split("\\.", -1);
        if (NUMERIC_LABEL.matcher(labels[labels.length - 1]).matches() && !DOTTED_QUAD.matcher(host).matches()) {
            throw new FetchException("The host '" + shorten(raw) + "' is an IP address in a non-standard form "
                    + "(decimal, octal, hex or shortened). Write IPv4 addresses as four decimal numbers, "
                    + "like 93.184.215.14.");
        }
        if (host.length() > 253) {
            throw new FetchException("The host name is longer than 253 characters.");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new FetchException("The host '" + shorten(raw) + "' is not a valid host name.");
            }
        }
        return host;
    }

    private static InetAddress ipv4(String quad) {
        String[] p = quad.split("\\.");
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) Integer.parseInt(p[i]);
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an address", e);
        }
    }

    /** Parses an IPv6 literal; a string of only hex digits, colons and dots is never looked up in DNS. */
    static InetAddress ipv6(String s) throws FetchException {
        if (!IPV6.matcher(s).matches() || s.indexOf(':') < 0) {
            throw new FetchException("'[" + shorten(s) + "]' is not a valid IPv6 address (zone ids are not "
                    + "supported).");
        }
        try {
            return InetAddress.getByName("[" + s + "]");
        } catch (UnknownHostException e) {
            throw new FetchException("'[" + shorten(s) + "]' is not a valid IPv6 address.");
        }
    }

    static InetAddress ipv4Literal(String s) throws FetchException {
        if (!DOTTED_QUAD.matcher(s).matches()) {
            throw new FetchException("'" + shorten(s) + "' is not an IPv4 address of four decimal numbers.");
        }
        return ipv4(s);
    }

    private static String shorten(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
}
