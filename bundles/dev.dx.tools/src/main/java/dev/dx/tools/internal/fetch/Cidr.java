package dev.dx.tools.internal.fetch;

import java.net.InetAddress;

/** An address range such as {@code 10.0.0.0/8} or {@code fc00::/7}. */
record Cidr(byte[] network, int prefix, String text) {
    static Cidr parse(String text) throws FetchException {
        String t = text.trim();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        InetAddress a = addr.indexOf(':') >= 0 ? FetchTarget.ipv6(addr.toLowerCase(java.util.Locale.ROOT))
                : FetchTarget.ipv4Literal(addr);
        int bits = a.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (!p.matches("[0-9]{1,3}") || Integer.parseInt(p) > bits) {
                throw new FetchException("'" + text + "' has an invalid prefix length (0 to " + bits + ").");
            }
            prefix = Integer.parseInt(p);
        }
        return new Cidr(a.getAddress(), prefix, t);
    }

    /** @return whether the address (same family) is in this range */
    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (address[full] & mask) == (network[full] & mask);
    }

    @Override
    public String toString() {
        return text;
    }
}
