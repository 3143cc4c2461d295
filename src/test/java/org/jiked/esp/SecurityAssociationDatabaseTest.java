package org.jiked.esp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jiked.wire.TransformType;
import org.junit.jupiter.api.Test;

/** SAD lookups by SPI and SPD lookups by inner headers, including the overlap of a rekey. */
class SecurityAssociationDatabaseTest {
    static final EspTransform GCM = new EspTransform(TransformType.ENCR_AES_GCM_16, 128, 0);
    static final InetSocketAddress PEER = new InetSocketAddress("192.0.2.2", 4500);

    static PacketSelector prefix(String address, int length) {
        byte[] a = InetAddress.ofLiteral(address).getAddress();
        byte[] start = a.clone();
        byte[] end = a.clone();
        for (int i = length; i < a.length * 8; i++) {
            start[i / 8] &= (byte) ~(0x80 >>> (i % 8));
            end[i / 8] |= (byte) (0x80 >>> (i % 8));
        }
        return new PacketSelector(0, 0, 65535, start, end);
    }

    static EspTunnel tunnel(int inSpi, int outSpi, long order, PacketSelector local, PacketSelector remote) {
        byte[] key = new byte[20];
        return new EspTunnel("vpn" + inSpi, EspSa.inbound(inSpi, GCM, false, key, null, 64, new AtomicLong(),
                new AtomicLong()), EspSa.outbound(outSpi, GCM, false, key, null, new AtomicLong(), new AtomicLong()),
                List.of(local), List.of(remote), new InetSocketAddress("192.0.2.1", 4500), PEER, true, 0, order);
    }

    /** An IPv4 header (and UDP ports) from {@code src} to {@code dst}. */
    static ByteBuffer ipv4(String src, String dst, int protocol, int srcPort, int dstPort) {
        ByteBuffer b = ByteBuffer.allocate(28);
        b.put(0, (byte) 0x45).put(9, (byte) protocol);
        b.put(12, InetAddress.ofLiteral(src).getAddress()).put(16, InetAddress.ofLiteral(dst).getAddress());
        b.putShort(20, (short) srcPort).putShort(22, (short) dstPort);
        return b;
    }

    @Test
    void inboundBySpiAndOutboundBySelectors() {
        SecurityAssociationDatabase db = new SecurityAssociationDatabase();
        EspTunnel a = tunnel(0x1001, 0x2001, 1, prefix("198.51.100.0", 24), prefix("203.0.113.0", 25));
        EspTunnel b = tunnel(0x1002, 0x2002, 2, prefix("198.51.100.0", 24), prefix("203.0.113.128", 25));
        db.install(a);
        db.install(b);
        assertSame(a, db.inbound(0x1001));
        assertSame(b, db.inbound(0x1002));
        assertNull(db.inbound(0x2001), "an outbound SPI is no inbound SA");
        assertSame(a, db.outbound(ipv4("198.51.100.1", "203.0.113.1", 1, 0, 0), 0));
        assertSame(b, db.outbound(ipv4("198.51.100.1", "203.0.113.200", 1, 0, 0), 0));
        assertNull(db.outbound(ipv4("198.51.100.1", "192.0.2.9", 1, 0, 0), 0));
        assertNull(db.outbound(ipv4("203.0.113.1", "198.51.100.1", 1, 0, 0), 0), "the wrong direction");
        assertNull(db.outbound(ipv4("198.51.100.1", "203.0.113.1", 1, 0, 0), 1), "another st0 unit");
    }

    /** A rekey the peer started: the new SA receives at once and sends only once released. */
    @Test
    void aTunnelInstalledInboundOnlySendsOnceItsOutboundIsInstalled() {
        SecurityAssociationDatabase db = new SecurityAssociationDatabase();
        EspTunnel old = tunnel(0x1001, 0x2001, 1, prefix("198.51.100.0", 24), prefix("203.0.113.0", 24));
        EspTunnel fresh = tunnel(0x1003, 0x2003, 5, prefix("198.51.100.0", 24), prefix("203.0.113.0", 24));
        db.install(old);
        db.installInbound(fresh);
        ByteBuffer p = ipv4("198.51.100.1", "203.0.113.1", 6, 1000, 80);
        assertSame(fresh, db.inbound(0x1003));
        assertSame(old, db.outbound(p, 0), "the newer tunnel does not send yet");
        db.installOutbound(fresh);
        db.installOutbound(fresh);
        assertSame(fresh, db.outbound(p, 0));
        assertEquals(2, db.tunnels().size(), "installed once");
        db.remove(fresh);
        assertNull(db.inbound(0x1003));
        assertSame(old, db.outbound(p, 0));
    }

    @Test
    void duringARekeyTheNewestSendsAndTheOldStillReceivesUntilRemoved() {
        SecurityAssociationDatabase db = new SecurityAssociationDatabase();
        EspTunnel old = tunnel(0x1001, 0x2001, 1, prefix("198.51.100.0", 24), prefix("203.0.113.0", 24));
        EspTunnel fresh = tunnel(0x1003, 0x2003, 5, prefix("198.51.100.0", 24), prefix("203.0.113.0", 24));
        db.install(old);
        db.install(fresh);
        ByteBuffer p = ipv4("198.51.100.1", "203.0.113.1", 6, 1000, 80);
        assertSame(fresh, db.outbound(p, 0));
        assertSame(old, db.inbound(0x1001));
        db.remove(old);
        assertNull(db.inbound(0x1001));
        assertSame(fresh, db.outbound(p, 0));
        assertEquals(1, db.tunnels().size());
    }

    @Test
    void protocolAndPortSelectors() {
        PacketSelector dns = new PacketSelector(17, 53, 53, prefix("203.0.113.0", 24).startAddress(),
                prefix("203.0.113.0", 24).endAddress());
        assertEquals(true, dns.matches(ipv4("198.51.100.1", "203.0.113.9", 17, 4000, 53), false));
        assertEquals(false, dns.matches(ipv4("198.51.100.1", "203.0.113.9", 17, 4000, 54), false));
        assertEquals(false, dns.matches(ipv4("198.51.100.1", "203.0.113.9", 6, 4000, 53), false));
        ByteBuffer fragment = ipv4("198.51.100.1", "203.0.113.9", 17, 4000, 53);
        fragment.putShort(6, (short) 0x0010);
        assertEquals(false, dns.matches(fragment, false), "later fragments have no ports to read");
    }

    @Test
    void ipv6SelectorsAndTraps() {
        SecurityAssociationDatabase db = new SecurityAssociationDatabase();
        db.traps(List.of(new SecurityAssociationDatabase.Trap("vpn6", List.of(prefix("2001:db8:1::", 48)),
                List.of(prefix("2001:db8:2::", 48)), 0)));
        ByteBuffer b = ByteBuffer.allocate(40);
        b.put(0, (byte) 0x60).put(6, (byte) 58);
        b.put(8, InetAddress.ofLiteral("2001:db8:1::1").getAddress());
        b.put(24, InetAddress.ofLiteral("2001:db8:2::1").getAddress());
        assertNull(db.outbound(b, 0));
        assertEquals("vpn6", db.trap(b, 0).key());
        assertNull(db.trap(ipv4("198.51.100.1", "203.0.113.1", 1, 0, 0), 0));
    }
}
