package dev.dx.tools.internal.fetch;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Every non-public range is blocked, in every spelling; allowed networks open exactly themselves. */
class AddressGuardTest {
    static final List<String> BLOCKED = List.of("0.0.0.0", "0.1.2.3", "10.0.0.1", "10.255.255.255", "100.64.0.1",
            "100.127.255.254", "127.0.0.1", "127.255.0.9", "169.254.169.254", "169.254.0.1", "172.16.0.1",
            "172.31.255.255", "192.0.0.8", "192.0.2.1", "192.88.99.1", "192.168.0.1", "192.168.255.255",
            "198.18.0.1", "198.19.255.255", "198.51.100.7", "203.0.113.9", "224.0.0.1", "239.255.255.250",
            "240.0.0.1", "255.255.255.255", "::", "::1", "::127.0.0.1", "::8.8.8.8", "::ffff:127.0.0.1",
            "::ffff:10.1.2.3", "::ffff:169.254.169.254", "64:ff9b::a00:1", "64:ff9b::7f00:1", "64:ff9b:1::1",
            "100::1", "2001::1", "2001:db8::1", "2002:7f00:1::1", "2002:a9fe:a9fe::1", "fc00::1", "fd12:3456::1",
            "fe80::1", "febf::1", "fec0::1", "ff02::1", "ff0e::1");
    static final List<String> PUBLIC = List.of("1.1.1.1", "8.8.8.8", "93.184.215.14", "100.63.255.255",
            "100.128.0.0", "172.15.255.255", "172.32.0.0", "192.167.255.255", "192.169.0.0", "223.255.255.255",
            "2606:4700::1111", "2a00:1450:4001::200e", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1");

    @Test
    void nonPublicAddressesAreBlockedAndPublicOnesPass() throws Exception {
        AddressGuard guard = new AddressGuard(List.of());
        for (String a : BLOCKED) {
            assertNotNull(guard.blocked(InetAddress.getByName(a)), a);
        }
        for (String a : PUBLIC) {
            assertNull(guard.blocked(InetAddress.getByName(a)), a);
        }
        assertTrue(guard.blocked(InetAddress.getByName("169.254.169.254")).contains("metadata"));
        // Java turns parsed mapped addresses into IPv4 ones; a raw 16-byte one is judged by its IPv4 part too
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1};
        assertTrue(guard.blocked(java.net.Inet6Address.getByAddress(null, mapped, -1)).contains("IPv4-mapped"));
        byte[] mappedPublic = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 8, 8, 8, 8};
        assertNull(guard.blocked(java.net.Inet6Address.getByAddress(null, mappedPublic, -1)));
    }

    @Test
    void anAllowedNetworkOpensExactlyItself() throws Exception {
        AddressGuard guard = new AddressGuard(List.of(Cidr.parse("127.0.0.7/32"), Cidr.parse("192.168.1.0/24"),
                Cidr.parse("fd00:1::/64")));
        assertNull(guard.blocked(InetAddress.getByName("127.0.0.7")));
        assertNull(guard.blocked(InetAddress.getByName("::ffff:127.0.0.7")));
        assertNull(guard.blocked(InetAddress.getByName("192.168.1.200")));
        assertNull(guard.blocked(InetAddress.getByName("fd00:1::5")));
        for (String a : List.of("127.0.0.1", "127.0.0.6", "127.0.0.8", "192.168.2.1", "fd00:2::5", "::1",
                "169.254.169.254", "10.0.0.1")) {
            assertNotNull(guard.blocked(InetAddress.getByName(a)), a);
        }
    }

    @Test
    void cidrsAreParsedStrictly() {
        for (String bad : List.of("10.0.0.0/33", "10.0.0/8", "010.0.0.0/8", "10.0.0.0/-1", "fd00::/129",
                "example.com/8", "10.0.0.0/8x", "")) {
            assertThrows(FetchException.class, () -> Cidr.parse(bad), bad);
        }
    }
}
