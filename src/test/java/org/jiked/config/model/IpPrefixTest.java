package org.jiked.config.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class IpPrefixTest {

    private static InetAddress ip(String s) {
        return InetAddress.ofLiteral(s);
    }

    @Test
    void hostBitsAreCleared() {
        IpPrefix p = IpPrefix.parse("198.51.100.77/24");
        assertEquals(ip("198.51.100.0"), p.address());
        assertEquals(IpPrefix.parse("198.51.100.0/24"), p);
        assertEquals("198.51.100.0/24", p.toString());
    }

    @Test
    void firstLastAndContains() {
        IpPrefix p = IpPrefix.parse("203.0.113.64/26");
        assertEquals(ip("203.0.113.64"), p.first());
        assertEquals(ip("203.0.113.127"), p.last());
        assertTrue(p.contains(ip("203.0.113.100")));
        assertFalse(p.contains(ip("203.0.113.128")));
        assertFalse(p.contains(ip("2001:db8::1")));
        assertTrue(IpPrefix.parse("203.0.113.0/24").contains(p));
        assertFalse(p.contains(IpPrefix.parse("203.0.113.0/24")));
        assertEquals(BigInteger.valueOf(64), p.size());
    }

    @Test
    void ipv6() {
        IpPrefix p = IpPrefix.parse("2001:DB8:0:0:1::/64");
        assertFalse(p.isIpv4());
        assertEquals("2001:db8::/64", p.toString());
        assertEquals(ip("2001:db8::ffff:ffff:ffff:ffff"), p.last());
        assertTrue(p.contains(ip("2001:db8::1")));
    }

    @Test
    void bareAddressIsAHostPrefixAndAllIsLengthZero() {
        assertEquals(32, IpPrefix.parse("192.0.2.1").length());
        assertEquals(128, IpPrefix.parse("2001:db8::1").length());
        IpPrefix all = IpPrefix.parse("0.0.0.0/0");
        assertTrue(all.contains(ip("198.51.100.1")));
        assertEquals(ip("255.255.255.255"), all.last());
    }

    @Test
    void invalidTextIsRejected() {
        for (String bad : new String[] {"198.51.100.0/33", "2001:db8::/129", "198.51.100.0/", "198.51.100/24",
                "example.net/24", "198.51.100.0/-1", "198.51.100.0/2 4", "2001:db8::1%eth0/64", ""}) {
            assertNull(IpPrefix.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> new IpPrefix(ip("192.0.2.0"), 33));
    }

    @Test
    void addressesAreParsedStrictlyAndPrintedCompressed() {
        assertNull(IpAddresses.parse("192.0.513"), "BSD short forms (this one is 192.0.2.1) are not addresses here");
        assertNull(IpAddresses.parse("192.0.2.01"));
        assertNull(IpAddresses.parse("vpn.example.net"), "no DNS lookups");
        assertNull(IpAddresses.parseIpv6("::ffff:192.0.2.1"), "IPv4-mapped is not an IPv6 address here");
        assertEquals("2001:db8::1", IpAddresses.format(ip("2001:0db8:0:0:0:0:0:1")));
        assertEquals("2001:db8:0:1::", IpAddresses.format(ip("2001:db8:0:1:0:0:0:0")));
        assertEquals("2001:db8::1:0:0:1", IpAddresses.format(ip("2001:db8:0:0:1:0:0:1")));
        assertEquals("2001:db8:1:2:3:4:5:6", IpAddresses.format(ip("2001:db8:1:2:3:4:5:6")));
        assertEquals("2001:db8:0:1:1:1:1:1", IpAddresses.format(ip("2001:db8:0:1:1:1:1:1")));
        assertEquals("::", IpAddresses.format(ip("::")));
        assertEquals("::1", IpAddresses.format(ip("::1")));
    }
}
