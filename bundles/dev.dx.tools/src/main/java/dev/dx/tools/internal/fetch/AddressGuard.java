package dev.dx.tools.internal.fetch;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decides which addresses web_fetch may connect to: public unicast only, unless the owner allowed a range. IPv6 forms
 * that carry an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by the IPv4 address inside them.
 */
final class AddressGuard {
    private record Range(Cidr cidr, String what) {
    }

    private static final List<Range> V4 = ranges(
            "0.0.0.0/8", "'this network' (0.0.0.0/8)",
            "10.0.0.0/8", "private network (10.0.0.0/8)",
            "100.64.0.0/10", "carrier-grade NAT (100.64.0.0/10)",
            "127.0.0.0/8", "loopback (127.0.0.0/8)",
            "169.254.0.0/16", "link-local, incl. cloud metadata 169.254.169.254 (169.254.0.0/16)",
            "172.16.0.0/12", "private network (172.16.0.0/12)",
            "192.0.0.0/24", "IETF protocol assignments (192.0.0.0/24)",
            "192.0.2.0/24", "documentation (192.0.2.0/24)",
            "192.88.99.0/24", "6to4 relay anycast (192.88.99.0/24)",
            "192.168.0.0/16", "private network (192.168.0.0/16)",
            "198.18.0.0/15", "benchmarking (198.18.0.0/15)",
            "198.51.100.0/24", "documentation (198.51.100.0/24)",
            "203.0.113.0/24", "documentation (203.0.113.0/24)",
            "224.0.0.0/4", "multicast (224.0.0.0/4)",
            "240.0.0.0/4", "reserved or broadcast (240.0.0.0/4, 255.255.255.255)");
    private static final List<Range> V6 = ranges(
            "::/128", "unspecified (::)",
            "::1/128", "loopback (::1)",
            "::/96", "IPv4-compatible (::/96, deprecated)",
            "64:ff9b:1::/48", "local NAT64 (64:ff9b:1::/48)",
            "100::/64", "discard (100::/64)",
            "2001::/32", "Teredo tunnel (2001::/32)",
            "2001:db8::/32", "documentation (2001:db8::/32)",
            "fc00::/7", "unique local (fc00::/7)",
            "fe80::/10", "link-local (fe80::/10)",
            "fec0::/10", "site-local (fec0::/10)",
            "ff00::/8", "multicast (ff00::/8)");
    private static final Cidr NAT64 = cidr("64:ff9b::/96");
    private static final Cidr SIX_TO_FOUR = cidr("2002::/16");

    private final List<Cidr> allowed;

    AddressGuard(List<Cidr> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    /** @return why web_fetch may not connect to the address, or null if it may */
    String blocked(InetAddress address) {
        byte[] b = address.getAddress();
        byte[] v4 = b.length == 4 ? b : embeddedV4(b);
        if (allowed(b) || (v4 != null && allowed(v4))) {
            return null;
        }
        if (b.length == 16) {
            String form = form(b);
            if (v4 != null && form != null) {
                String inner = match(V4, v4);
                return inner == null ? null : form + " of " + inner;
            }
            return match(V6, b);
        }
        return match(V4, b);
    }

    private boolean allowed(byte[] b) {
        for (Cidr c : allowed) {
            if (c.contains(b)) {
                return true;
            }
        }
        return false;
    }

    /** @return the IPv4 address carried by an IPv6 form, or null */
    private static byte[] embeddedV4(byte[] b) {
        if (isMapped(b) || NAT64.contains(b) || isCompatible(b)) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        if (SIX_TO_FOUR.contains(b)) {
            return Arrays.copyOfRange(b, 2, 6);
        }
        return null;
    }

    private static String form(byte[] b) {
        if (isMapped(b)) {
            return "IPv4-mapped form";
        }
        if (NAT64.contains(b)) {
            return "NAT64 form";
        }
        if (SIX_TO_FOUR.contains(b)) {
            return "6to4 form";
        }
        return null;
    }

    private static boolean isMapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    private static boolean isCompatible(byte[] b) {
        for (int i = 0; i < 12; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static String match(List<Range> ranges, byte[] b) {
        for (Range r : ranges) {
            if (r.cidr().contains(b)) {
                return r.what();
            }
        }
        return null;
    }

    private static List<Range> ranges(String... cidrThenWhat) {
        List<Range> result = new ArrayList<>();
        for (int i = 0; i < cidrThenWhat.length; i += 2) {
            result.add(new Range(cidr(cidrThenWhat[i]), cidrThenWhat[i + 1]));
        }
        return List.copyOf(result);
    }

    private static Cidr cidr(String s) {
        try {
            return Cidr.parse(s);
        } catch (FetchException e) {
            throw new IllegalStateException(s, e);
        }
    }
}
