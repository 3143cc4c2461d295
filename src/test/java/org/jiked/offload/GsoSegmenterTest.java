package org.jiked.offload;

import static org.jiked.offload.TestPackets.ACK;
import static org.jiked.offload.TestPackets.CWR;
import static org.jiked.offload.TestPackets.FIN;
import static org.jiked.offload.TestPackets.PSH;
import static org.jiked.offload.TestPackets.TCP;
import static org.jiked.offload.TestPackets.TIMESTAMPS;
import static org.jiked.offload.TestPackets.UDP;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Segmentation of handmade super-packets as a TUN device with TSO/USO hands them over: partial
 * checksum (the pseudo-header sum in the field) and a virtio_net_hdr. Every checksum of the
 * result is verified by {@link TestPackets}' own computation.
 */
class GsoSegmenterTest {
    final GsoSegmenter segmenter = new GsoSegmenter();
    final ByteBuffer dst = ByteBuffer.allocate(70_000);

    /** What the kernel makes of a TCP super-packet: the pseudo-header sum in the checksum field. */
    static VirtioNetHeader partial(ByteBuffer p, boolean ipv6, int protocol, int gsoType, int gsoSize) {
        int l4 = ipv6 ? 40 : 20;
        int field = l4 + (protocol == TCP ? 16 : 6);
        p.putShort(field, (short) TestPackets.pseudo(p, ipv6, protocol, l4));
        VirtioNetHeader h = new VirtioNetHeader();
        h.flags = VirtioNetHeader.F_NEEDS_CSUM;
        h.gsoType = gsoType;
        h.gsoSize = gsoSize;
        h.csumStart = l4;
        h.csumOffset = protocol == TCP ? 16 : 6;
        h.headerLength = l4 + (protocol == TCP ? 32 : 8);
        return h;
    }

    @Test
    void tcpOverIpv4IsCutAtGsoSizeWithSequenceIdsFlagsAndChecksumsOfItsOwn() {
        byte[] payload = TestPackets.payload(3 * 1000 + 345, 3);
        ByteBuffer p = TestPackets.tcp(false, 40000, 5201, 0xfffff000L, 777, ACK | PSH | FIN | CWR, TIMESTAMPS, payload);
        int firstId = p.getShort(4) & 0xffff;
        VirtioNetHeader h = partial(p, false, TCP, VirtioNetHeader.GSO_TCPV4, 1000);

        assertEquals(4, segmenter.begin(h, p));
        for (int i = 0; i < 4; i++) {
            segmenter.segment(i, dst);
            int n = i < 3 ? 1000 : 345;
            assertEquals(20 + 32 + n, dst.limit());
            assertEquals(dst.limit(), dst.getShort(2) & 0xffff);
            assertEquals((firstId + i) & 0xffff, dst.getShort(4) & 0xffff);
            assertTrue(TestPackets.ipv4HeaderValid(dst), "IPv4 header checksum of segment " + i);
            assertTrue(TestPackets.transportValid(dst, false, TCP, 20), "TCP checksum of segment " + i);
            // the sequence number wraps past 2^32 in the third segment
            assertEquals((int) (0xfffff000L + 1000L * i), dst.getInt(24));
            assertEquals(777, dst.getInt(28));
            int flags = dst.get(33) & 0xff;
            assertEquals(ACK | (i == 0 ? CWR : 0) | (i == 3 ? PSH | FIN : 0), flags, "flags of segment " + i);
            assertArrayEquals(TIMESTAMPS, Arrays.copyOfRange(TestPackets.bytes(dst, 0), 40, 52));
            assertArrayEquals(Arrays.copyOfRange(payload, 1000 * i, 1000 * i + n), TestPackets.bytes(dst, 52));
        }
        assertEquals(0, p.position(), "the super-packet is left as it was");
    }

    @Test
    void tcpOverIpv6WithAnExactMultipleOfGsoSize() {
        byte[] payload = TestPackets.payload(2 * 1220, 9);
        ByteBuffer p = TestPackets.tcp(true, 443, 51000, 1, 2, ACK | PSH, TIMESTAMPS, payload);
        VirtioNetHeader h = partial(p, true, TCP, VirtioNetHeader.GSO_TCPV6, 1220);

        assertEquals(2, segmenter.begin(h, p));
        for (int i = 0; i < 2; i++) {
            segmenter.segment(i, dst);
            assertEquals(40 + 32 + 1220, dst.limit());
            assertEquals(32 + 1220, dst.getShort(4) & 0xffff, "IPv6 payload length");
            assertEquals(p.getInt(0), dst.getInt(0), "traffic class and flow label kept");
            assertTrue(TestPackets.transportValid(dst, true, TCP, 40), "TCP checksum of segment " + i);
            assertEquals(1 + 1220 * i, dst.getInt(44));
            assertEquals(ACK | (i == 1 ? PSH : 0), dst.get(53) & 0xff);
            assertArrayEquals(Arrays.copyOfRange(payload, 1220 * i, 1220 * (i + 1)), TestPackets.bytes(dst, 72));
        }
    }

    @Test
    void udpSuperPacketsGetLengthsAndChecksumsPerDatagram() {
        byte[] payload = TestPackets.payload(1200 * 2 + 1, 17);
        for (boolean ipv6 : new boolean[] {false, true}) {
            ByteBuffer p = TestPackets.udp(ipv6, 4433, 443, payload);
            VirtioNetHeader h = partial(p, ipv6, UDP, VirtioNetHeader.GSO_UDP_L4, 1200);
            int l4 = ipv6 ? 40 : 20;
            assertEquals(3, segmenter.begin(h, p));
            for (int i = 0; i < 3; i++) {
                segmenter.segment(i, dst);
                int n = i < 2 ? 1200 : 1;
                assertEquals(l4 + 8 + n, dst.limit());
                assertEquals(8 + n, dst.getShort(l4 + 4) & 0xffff, "UDP length");
                assertTrue(TestPackets.transportValid(dst, ipv6, UDP, l4), "UDP checksum of datagram " + i);
                if (!ipv6) {
                    assertTrue(TestPackets.ipv4HeaderValid(dst));
                }
                assertArrayEquals(Arrays.copyOfRange(payload, 1200 * i, 1200 * i + n), TestPackets.bytes(dst, l4 + 8));
            }
        }
    }

    @Test
    void aSinglePacketWithAPartialChecksumIsCompletedInPlace() {
        for (boolean ipv6 : new boolean[] {false, true}) {
            ByteBuffer p = TestPackets.tcp(ipv6, 22, 60000, 5, 6, ACK, new byte[0], TestPackets.payload(101, 1));
            int l4 = ipv6 ? 40 : 20;
            int expected = p.getShort(l4 + 16) & 0xffff;
            VirtioNetHeader h = partial(p, ipv6, TCP, VirtioNetHeader.GSO_NONE, 0);
            assertEquals(0, segmenter.begin(h, p));
            assertEquals(expected, p.getShort(l4 + 16) & 0xffff);
            assertEquals(0, p.position());
        }
        ByteBuffer u = TestPackets.udp(false, 53, 5353, TestPackets.payload(33, 5));
        int expected = u.getShort(26) & 0xffff;
        assertEquals(0, segmenter.begin(partial(u, false, UDP, VirtioNetHeader.GSO_NONE, 0), u));
        assertEquals(expected, u.getShort(26) & 0xffff);
    }

    @Test
    void aSuperPacketOfOneSegmentOnlyGetsItsChecksumCompleted() {
        ByteBuffer p = TestPackets.tcp(false, 40000, 5201, 1, 2, ACK | PSH, TIMESTAMPS, TestPackets.payload(30_000, 1));
        int expected = p.getShort(36) & 0xffff;
        byte[] before = TestPackets.bytes(p, 0);
        VirtioNetHeader h = partial(p, false, TCP, VirtioNetHeader.GSO_TCPV4, 63_948);
        assertEquals(0, segmenter.begin(h, p), "a 64000-octet MTU: nothing to cut");
        assertArrayEquals(before, TestPackets.bytes(p, 0));
        assertEquals(expected, p.getShort(36) & 0xffff);
    }

    @Test
    void aPacketWithCompleteChecksumsIsLeftAlone() {
        ByteBuffer p = TestPackets.udp(false, 53, 5353, TestPackets.payload(33, 5));
        byte[] before = TestPackets.bytes(p, 0);
        assertEquals(0, segmenter.begin(new VirtioNetHeader(), p));
        assertArrayEquals(before, TestPackets.bytes(p, 0));
    }

    @Test
    void malformedSuperPacketsAreRefused() {
        ByteBuffer v6 = TestPackets.tcp(true, 1, 2, 3, 4, ACK, new byte[0], TestPackets.payload(3000, 0));
        VirtioNetHeader h = partial(v6, true, TCP, VirtioNetHeader.GSO_TCPV4, 1000);
        assertEquals(-1, segmenter.begin(h, v6), "TCPV4 on an IPv6 packet");

        ByteBuffer v4 = TestPackets.tcp(false, 1, 2, 3, 4, ACK, new byte[0], TestPackets.payload(3000, 0));
        h = partial(v4, false, TCP, VirtioNetHeader.GSO_TCPV4, 0);
        assertEquals(-1, segmenter.begin(h, v4), "gso_size 0");

        h = partial(v4, false, TCP, VirtioNetHeader.GSO_TCPV4, 1000);
        h.csumStart = v4.limit() - 10;
        assertEquals(-1, segmenter.begin(h, v4), "transport header past the end");

        h = partial(v4, false, TCP, VirtioNetHeader.GSO_UDP_L4, 1000);
        assertEquals(-1, segmenter.begin(h, v4), "UDP segmentation of a TCP packet");

        h = partial(v4, false, TCP, VirtioNetHeader.GSO_NONE, 0);
        h.csumOffset = v4.limit();
        assertEquals(-1, segmenter.begin(h, v4), "checksum field past the end");

        ByteBuffer junk = ByteBuffer.wrap(new byte[] {0x15, 0, 0});
        assertEquals(-1, segmenter.begin(new VirtioNetHeader(), junk), "neither IPv4 nor IPv6");
    }
}
