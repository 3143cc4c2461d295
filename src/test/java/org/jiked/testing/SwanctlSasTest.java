package org.jiked.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class SwanctlSasTest {
    // Verbatim from charon 5.9.8 here, plus a second IKE_SA in CONNECTING state.
    private static final String TEXT = """
            t: #1, ESTABLISHED, IKEv2, a81c5ca9d2528214_i* b440105775354e71_r
              local  '192.0.2.1' @ 192.0.2.1[4500]
              remote '192.0.2.2' @ 192.0.2.2[4500]
              AES_GCM_16-256/PRF_HMAC_SHA2_256/CURVE_25519
              established 0s ago, rekeying in 13193s
              net: #1, reqid 1, INSTALLED, TUNNEL-in-UDP, ESP:AES_GCM_16-256
                installed 0s ago, rekeying in 3319s, expires in 3960s
                in  a305b044,      0 bytes,     0 packets
                out 3073d89b,      0 bytes,     0 packets
                local  198.51.100.0/24
                remote 203.0.113.0/24
              net6: #2, reqid 2, INSTALLED, TUNNEL-in-UDP, ESP:AES_CBC-128/HMAC_SHA2_256_128/MODP_2048
                in  c1c2c3c4,    252 bytes,     3 packets,     0s ago
                out d1d2d3d4,    252 bytes,     3 packets,     0s ago
                local  2001:db8:1::/64 2001:db8:3::/64
                remote 2001:db8:2::/64
            u: #2, CONNECTING, IKEv2, 0123456789abcdef_i 0000000000000000_r*
              local  '%any' @ 192.0.2.2[500]
              remote '%any' @ 192.0.2.9[500]
            """;

    @Test
    void parsesIkeAndChildSas() {
        SwanctlSas s = SwanctlSas.parse(TEXT);
        assertEquals(2, s.ikeSas().size());
        SwanctlSas.IkeSa t = s.ike("t").orElseThrow();
        assertEquals("ESTABLISHED", t.state());
        assertEquals(2, t.version());
        assertTrue(t.initiator());
        assertEquals("a81c5ca9d2528214", t.spiI());
        assertEquals("b440105775354e71", t.spiR());
        assertEquals("192.0.2.1", t.localId());
        assertEquals("192.0.2.2", t.remoteHost());
        assertEquals("AES_GCM_16-256/PRF_HMAC_SHA2_256/CURVE_25519", t.algorithms());
        assertEquals(2, t.children().size());
        SwanctlSas.ChildSa net = t.child("net").orElseThrow();
        assertEquals("INSTALLED", net.state());
        assertEquals("TUNNEL-in-UDP", net.mode());
        assertEquals("ESP", net.protocol());
        assertEquals("AES_GCM_16-256", net.algorithms());
        assertEquals("a305b044", net.spiIn());
        assertEquals("3073d89b", net.spiOut());
        assertEquals(List.of("198.51.100.0/24"), net.localTs());
        assertEquals(List.of("203.0.113.0/24"), net.remoteTs());
        SwanctlSas.ChildSa net6 = t.child("net6").orElseThrow();
        assertEquals("AES_CBC-128/HMAC_SHA2_256_128/MODP_2048", net6.algorithms());
        assertEquals(List.of("2001:db8:1::/64", "2001:db8:3::/64"), net6.localTs());
        SwanctlSas.IkeSa u = s.ike("u").orElseThrow();
        assertEquals("CONNECTING", u.state());
        assertFalse(u.initiator());
        assertEquals(null, u.algorithms());
        assertTrue(u.children().isEmpty());
    }

    @Test
    void emptyOutput() {
        assertTrue(SwanctlSas.parse("").isEmpty());
    }
}
