package org.jiked.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CidrTest {
    @Test
    void networks() {
        assertEquals("198.51.100.0/24", Cidr.parse("198.51.100.1/24").network());
        assertEquals("203.0.113.64/26", Cidr.parse("203.0.113.77/26").network());
        assertEquals("192.0.2.1/32", Cidr.parse("192.0.2.1/24").host());
        assertEquals("2001:db8::/64", Cidr.parse("2001:db8::1/64").network());
        assertEquals("2001:db8:0:1::/64", Cidr.parse("2001:db8:0:1::9/64").network());
        assertEquals("2001:db8::1:0:0:1/128", Cidr.parse("2001:db8:0:0:1:0:0:1/128").network());
        assertEquals("2001:db8::1/128", Cidr.parse("2001:db8::1/64").host());
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("192.0.2.1"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("192.0.2.1/33"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("example.com/24"));
    }
}
