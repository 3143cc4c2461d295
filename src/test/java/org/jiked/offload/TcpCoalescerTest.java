package org.jiked.offload;

import static org.jiked.offload.TestPackets.ACK;
import static org.jiked.offload.TestPackets.FIN;
import static org.jiked.offload.TestPackets.PSH;
import static org.jiked.offload.TestPackets.SYN;
import static org.jiked.offload.TestPackets.TCP;
import static org.jiked.offload.TestPackets.TIMESTAMPS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Coalescing of handmade TCP segments: what is merged, what is not, the virtio_net_hdr and
 * headers of the super-packet, and the order of what comes out.
 */
class TcpCoalescerTest {
    record Written(String target, VirtioNetHeader header, ByteBuffer packet, int packets, long bytes) {}

    final List<Written> written = new ArrayList<>();
    final TcpCoalescer<String> held = new TcpCoalescer<>((target, frame, packets, bytes) -> {
        VirtioNetHeader h = new VirtioNetHeader().read(frame, frame.position());
        ByteBuffer copy = ByteBuffer.allocate(frame.remaining() - VirtioNetHeader.LENGTH);
        copy.put(0, frame, frame.position() + VirtioNetHeader.LENGTH, copy.capacity());
        written.add(new Written(target, h, copy, packets, bytes));
    });
    /** The coalescer as the pump uses it: what it does not take is written at once, as it is. */
    final Coalescer coalescer = new Coalescer();

    final class Coalescer {
        void add(String target, ByteBuffer p) {
            if (!held.add(target, p)) {
                ByteBuffer copy = ByteBuffer.allocate(p.remaining());
                copy.put(0, p, p.position(), p.remaining());
                written.add(new Written(target, new VirtioNetHeader(), copy, 1, p.remaining()));
            }
        }

        void flush() {
            held.flush();
        }
    }

    static ByteBuffer segment(boolean ipv6, int sport, long seq, int flags, byte[] payload) {
        return TestPackets.tcp(ipv6, sport, 5201, seq, 9000, flags, TIMESTAMPS, payload);
    }

    /** Asserts {@code w} is a TCP super-packet of {@code segments} with the payload {@code payload}. */
    static void assertSuperPacket(Written w, boolean ipv6, int segments, int gsoSize, byte[] payload) {
        int l4 = ipv6 ? 40 : 20;
        ByteBuffer p = w.packet();
        assertEquals(segments, w.packets());
        assertEquals(VirtioNetHeader.F_NEEDS_CSUM, w.header().flags);
        assertEquals(ipv6 ? VirtioNetHeader.GSO_TCPV6 : VirtioNetHeader.GSO_TCPV4, w.header().gsoType);
        assertEquals(gsoSize, w.header().gsoSize);
        assertEquals(l4, w.header().csumStart);
        assertEquals(16, w.header().csumOffset);
        assertEquals(l4 + 32, w.header().headerLength);
        if (ipv6) {
            assertEquals(p.limit() - 40, p.getShort(4) & 0xffff);
        } else {
            assertEquals(p.limit(), p.getShort(2) & 0xffff);
            assertTrue(TestPackets.ipv4HeaderValid(p));
        }
        // partial checksum: the pseudo-header sum over the whole super-packet's TCP length
        assertEquals(TestPackets.pseudo(p, ipv6, TCP, l4), p.getShort(l4 + 16) & 0xffff);
        assertArrayEquals(payload, TestPackets.bytes(p, l4 + 32));
        assertEquals(segments * (l4 + 32L) + payload.length, w.bytes());
    }

    static void assertAsIs(Written w, ByteBuffer original) {
        assertEquals(0, w.header().flags);
        assertEquals(0, w.header().gsoType);
        assertEquals(1, w.packets());
        assertEquals(original.remaining(), w.bytes());
        assertArrayEquals(TestPackets.bytes(original, 0), TestPackets.bytes(w.packet(), 0));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void inOrderSegmentsOfOneFlowBecomeOneSuperPacketEndedByTheShortLastOne() {
        for (boolean ipv6 : new boolean[] {false, true}) {
            written.clear();
            byte[] a = TestPackets.payload(1000, 1);
            byte[] b = TestPackets.payload(1000, 2);
            byte[] c = TestPackets.payload(400, 3);
            coalescer.add("st0", segment(ipv6, 40000, 100, ACK, a));
            coalescer.add("st0", segment(ipv6, 40000, 1100, ACK, b));
            coalescer.add("st0", segment(ipv6, 40000, 2100, ACK | PSH, c));
            // continues the sequence, but the short segment closed the super-packet
            ByteBuffer d = segment(ipv6, 40000, 2500, ACK, TestPackets.payload(1000, 4));
            coalescer.add("st0", d);
            assertEquals(1, written.size(), "the closed super-packet goes out when its flow continues");
            coalescer.flush();
            assertEquals(2, written.size());
            Written w = written.getFirst();
            assertSuperPacket(w, ipv6, 3, 1000, concat(a, b, c));
            int l4 = ipv6 ? 40 : 20;
            assertEquals(100, w.packet().getInt(l4 + 4), "the first segment's sequence number");
            assertEquals(ACK | PSH, w.packet().get(l4 + 13) & 0xff, "PSH of the last segment");
            assertAsIs(written.get(1), d);
        }
    }

    @Test
    void aSegmentOutOfOrderEndsTheSuperPacketAndStartsAnother() {
        byte[] a = TestPackets.payload(1000, 1);
        byte[] b = TestPackets.payload(1000, 2);
        byte[] c = TestPackets.payload(1000, 3);
        byte[] d = TestPackets.payload(1000, 4);
        coalescer.add("st0", segment(false, 1, 0, ACK, a));
        coalescer.add("st0", segment(false, 1, 1000, ACK, b));
        coalescer.add("st0", segment(false, 1, 3000, ACK, d)); // 2000 is missing
        coalescer.add("st0", segment(false, 1, 4000, ACK, c));
        coalescer.flush();
        assertEquals(2, written.size());
        assertSuperPacket(written.get(0), false, 2, 1000, concat(a, b));
        assertSuperPacket(written.get(1), false, 2, 1000, concat(d, c));
        assertEquals(3000, written.get(1).packet().getInt(24));
    }

    @Test
    void interleavedFlowsAndTargetsAreMergedApart() {
        byte[] a = TestPackets.payload(500, 1);
        byte[] b = TestPackets.payload(500, 2);
        coalescer.add("st0", segment(false, 1, 0, ACK, a));
        coalescer.add("st0", segment(false, 2, 0, ACK, b));
        coalescer.add("st1", segment(false, 1, 500, ACK, b)); // same flow, another device
        coalescer.add("st0", segment(false, 1, 500, ACK, b));
        coalescer.add("st0", segment(false, 2, 500, ACK, a));
        coalescer.flush();
        assertEquals(3, written.size());
        for (Written w : written) {
            int port = w.packet().getShort(20);
            if (w.target().equals("st1")) {
                assertEquals(1, w.packets());
            } else {
                assertSuperPacket(w, false, 2, 500, port == 1 ? concat(a, b) : concat(b, a));
            }
        }
    }

    @Test
    void finSynAndPureAcksAreWrittenAsTheyAreAfterTheirFlow() {
        byte[] a = TestPackets.payload(800, 1);
        ByteBuffer fin = segment(false, 1, 1600, ACK | FIN, TestPackets.payload(800, 3));
        coalescer.add("st0", segment(false, 1, 0, ACK, a));
        coalescer.add("st0", segment(false, 1, 800, ACK, a));
        coalescer.add("st0", fin);
        ByteBuffer syn = segment(false, 7, 0, SYN, new byte[0]);
        coalescer.add("st0", syn);
        ByteBuffer pureAck = segment(true, 9, 0, ACK, new byte[0]);
        coalescer.add("st0", pureAck);
        coalescer.flush();
        assertEquals(4, written.size());
        assertSuperPacket(written.get(0), false, 2, 800, concat(a, a));
        assertAsIs(written.get(1), fin);
        assertAsIs(written.get(2), syn);
        assertAsIs(written.get(3), pureAck);
    }

    @Test
    void differingOptionsAckOrTtlKeepSegmentsApart() {
        byte[] a = TestPackets.payload(600, 1);
        coalescer.add("st0", segment(false, 1, 0, ACK, a));
        byte[] ts = TIMESTAMPS.clone();
        ts[9]++; // a later timestamp value
        ByteBuffer other = TestPackets.tcp(false, 1, 5201, 600, 9000, ACK, ts, a);
        coalescer.add("st0", other);
        ByteBuffer ack = TestPackets.tcp(false, 1, 5201, 1200, 9001, ACK, ts, a);
        coalescer.add("st0", ack);
        ByteBuffer ttl = TestPackets.tcp(false, 1, 5201, 1800, 9001, ACK, ts, a);
        ttl.put(8, (byte) 63);
        InternetChecksum.setIpv4HeaderChecksum(ttl, 0, 20);
        coalescer.add("st0", ttl);
        coalescer.flush();
        assertEquals(4, written.size());
        for (Written w : written) {
            assertEquals(1, w.packets());
        }
    }

    @Test
    void aSegmentWithABadChecksumIsNotMergedButPassedOn() {
        byte[] a = TestPackets.payload(700, 1);
        coalescer.add("st0", segment(false, 1, 0, ACK, a));
        ByteBuffer bad = segment(false, 1, 700, ACK, a);
        bad.put(bad.limit() - 1, (byte) (bad.get(bad.limit() - 1) ^ 0x40));
        coalescer.add("st0", bad);
        coalescer.add("st0", segment(false, 1, 1400, ACK, a));
        coalescer.flush();
        assertEquals(3, written.size());
        assertAsIs(written.get(1), bad);
        assertFalse(TestPackets.transportValid(written.get(1).packet(), false, TCP, 20));
    }

    @Test
    void otherProtocolsPassStraightThrough() {
        coalescer.add("st0", segment(false, 1, 0, ACK, TestPackets.payload(700, 1)));
        ByteBuffer udp = TestPackets.udp(false, 53, 53, TestPackets.payload(40, 1));
        coalescer.add("st0", udp);
        assertEquals(1, written.size(), "written at once; the open TCP flow waits");
        assertAsIs(written.getFirst(), udp);
        coalescer.flush();
        assertEquals(2, written.size());
    }

    @Test
    void aSuperPacketStopsShortOf64KiB() {
        byte[] a = TestPackets.payload(1400, 1);
        for (int i = 0; i < 50; i++) {
            coalescer.add("st0", segment(false, 1, 1400L * i, ACK, a));
        }
        coalescer.flush();
        assertEquals(2, written.size());
        int first = written.getFirst().packets();
        assertEquals((65_535 - 52) / 1400, first);
        assertTrue(written.getFirst().packet().limit() <= 65_535);
        assertEquals(50 - first, written.get(1).packets());
    }

    @Test
    void aSegmentTooLargeToHaveCompanyIsNotTaken() {
        ByteBuffer big = segment(false, 1, 0, ACK, TestPackets.payload(40_000, 1));
        assertFalse(held.add("st0", big));
        ByteBuffer small = segment(false, 1, 40_000, ACK, TestPackets.payload(1000, 1));
        assertTrue(held.add("st0", small));
        assertTrue(written.isEmpty());
    }

    @Test
    void aSingleSegmentIsWrittenExactlyAsItCame() {
        ByteBuffer p = segment(true, 1, 0, ACK, TestPackets.payload(1200, 1));
        coalescer.add("st0", p);
        coalescer.flush();
        assertEquals(1, written.size());
        assertAsIs(written.getFirst(), p);
    }

    @Test
    void segmentsOfASuperPacketCoalesceBackIntoIt() {
        byte[] payload = TestPackets.payload(20 * 1388 + 77, 5);
        ByteBuffer original = TestPackets.tcp(false, 40000, 5201, 123456, 9000, ACK | PSH, TIMESTAMPS, payload);
        VirtioNetHeader h = GsoSegmenterTest.partial(original.duplicate(), false, TCP, VirtioNetHeader.GSO_TCPV4, 1388);
        GsoSegmenter s = new GsoSegmenter();
        int n = s.begin(h, original);
        ByteBuffer seg = ByteBuffer.allocate(2000);
        for (int i = 0; i < n; i++) {
            s.segment(i, seg);
            coalescer.add("st0", seg);
        }
        coalescer.flush();
        assertEquals(1, written.size());
        assertSuperPacket(written.getFirst(), false, 21, 1388, payload);
        ByteBuffer back = written.getFirst().packet();
        assertEquals(123456, back.getInt(24));
        assertEquals(ACK | PSH, back.get(33) & 0xff);
    }
}
