package org.jiked.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficSelectorTest {
    static TrafficSelector prefix(String a, int len) {
        return TrafficSelector.ofPrefix(InetAddress.ofLiteral(a), len);
    }

    @Test
    void prefixBecomesRangeAndPrintsBack() {
        TrafficSelector ts = prefix("198.51.100.77", 24);
        assertEquals("198.51.100.0/24", ts.toString());
        assertEquals(24, ts.prefixLength());
        assertEquals("2001:db8:0:0:0:0:0:0/32", prefix("2001:db8::1", 32).toString());
        assertEquals("0.0.0.0/0", prefix("0.0.0.0", 0).toString());
    }

    @Test
    void intersectionNarrowsAddressesProtocolAndPorts() {
        TrafficSelector wide = prefix("198.51.100.0", 24);
        TrafficSelector narrow = prefix("198.51.100.128", 25);
        assertEquals(narrow, wide.intersect(narrow));
        assertEquals(narrow, narrow.intersect(wide));
        assertNull(wide.intersect(prefix("203.0.113.0", 24)));
        assertNull(wide.intersect(prefix("2001:db8::", 32)));
        TrafficSelector tcp80 = new TrafficSelector(6, 80, 80, wide.startAddress(), wide.endAddress());
        assertEquals(tcp80, wide.intersect(tcp80));
        TrafficSelector udp = new TrafficSelector(17, 0, 65535, wide.startAddress(), wide.endAddress());
        assertNull(tcp80.intersect(udp));
        assertEquals("198.51.100.0/24[6/80]", tcp80.toString());
    }

    @Test
    void narrowingAndSubsetCheck() {
        List<TrafficSelector> proposed = List.of(prefix("198.51.100.0", 24), prefix("192.0.2.0", 24));
        List<TrafficSelector> configured = List.of(prefix("198.51.100.0", 25));
        List<TrafficSelector> narrowed = TrafficSelectorNarrowing.narrow(proposed, configured);
        assertEquals(List.of(prefix("198.51.100.0", 25)), narrowed);
        assertTrue(TrafficSelectorNarrowing.isSubsetOf(narrowed, proposed));
        assertFalse(TrafficSelectorNarrowing.isSubsetOf(proposed, configured));
        assertFalse(TrafficSelectorNarrowing.isSubsetOf(List.of(), proposed), "an empty answer is no answer");
    }

    @Test
    void rangeThatIsNotAPrefixPrintsAsRange() {
        byte[] s = InetAddress.ofLiteral("198.51.100.5").getAddress();
        byte[] e = InetAddress.ofLiteral("198.51.100.9").getAddress();
        TrafficSelector ts = new TrafficSelector(0, 0, 65535, s, e);
        assertEquals(-1, ts.prefixLength());
        assertEquals("198.51.100.5-198.51.100.9", ts.toString());
        assertFalse(new TrafficSelector(0, 0, 65535, e, s).isValid());
    }
}
