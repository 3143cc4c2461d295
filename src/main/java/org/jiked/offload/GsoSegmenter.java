package org.jiked.offload;

import java.nio.ByteBuffer;

/**
 * Turns one packet read from a TUN device with offloads into the packets that would have left a
 * device without them: a TCP or UDP super-packet ({@code gso_type} TCPV4, TCPV6 or UDP_L4) is
 * cut into segments of {@code gso_size} payload octets, each a complete IP packet; a single
 * packet with a partial checksum ({@link VirtioNetHeader#F_NEEDS_CSUM}) gets its checksum
 * completed in place.
 *
 * <p>Each segment copies the IP and transport headers of the super-packet and then:
 * <ul>
 *   <li>IPv4: total length, identification (the first one's plus the segment's index, as the
 *       kernel's own segmentation does) and header checksum; IPv6: payload length (extension
 *       headers before the transport header are copied as they are);
 *   <li>TCP (RFC 9293): sequence number advanced by the payload before it; FIN and PSH only on
 *       the last segment, CWR only on the first; the checksum computed afresh;
 *   <li>UDP (RFC 768): length and checksum of its own.
 * </ul>
 *
 * <p>The transport header is found at {@code csum_start} when the kernel gives it, else behind
 * the IPv4 header or a bare IPv6 header. One instance serves one thread: {@link #begin} reads a
 * packet, {@link #segment} then writes its pieces one at a time.
 */
public final class GsoSegmenter {
    static final int TCP = 6;
    static final int UDP = 17;
    private static final int TCP_FIN = 0x01;
    private static final int TCP_PSH = 0x08;
    private static final int TCP_CWR = 0x80;

    private ByteBuffer packet;
    private int ip;
    private boolean ipv4;
    private boolean tcp;
    private int l4;
    private int headerLength;
    private int payloadLength;
    private int gsoSize;
    private int count;
    private int firstId;
    private long firstSequence;

    /**
     * Reads the packet {@code packet[position, limit)} with its header {@code h}.
     *
     * @return how many segments {@link #segment} will write, 0 when the packet needs no
     *     segmentation (it is complete as it is, checksum included, and stays where it is; also a
     *     super-packet whose payload fits one segment), or -1
     *     when it is malformed: not IPv4 or IPv6, headers past its end, a checksum position
     *     outside it, a GSO type that does not match its transport protocol
     */
    public int begin(VirtioNetHeader h, ByteBuffer packet) {
        this.packet = packet;
        ip = packet.position();
        int length = packet.remaining();
        if (length < 1) {
            return -1;
        }
        int version = (packet.get(ip) & 0xff) >>> 4;
        if (version == 4 && length >= 20) {
            ipv4 = true;
        } else if (version == 6 && length >= 40) {
            ipv4 = false;
        } else {
            return -1;
        }
        int gso = h.gso();
        if (gso == VirtioNetHeader.GSO_NONE) {
            return h.needsChecksum() && !completeChecksum(h, length) ? -1 : 0;
        }
        if (gso == VirtioNetHeader.GSO_TCPV4 || gso == VirtioNetHeader.GSO_TCPV6) {
            tcp = true;
            if ((gso == VirtioNetHeader.GSO_TCPV4) != ipv4) {
                return -1;
            }
        } else if (gso == VirtioNetHeader.GSO_UDP_L4) {
            tcp = false;
        } else {
            return -1; // UFO (GSO_UDP) fragments instead of segmenting; never enabled
        }
        l4 = h.needsChecksum() ? h.csumStart : ipv4 ? (packet.get(ip) & 0x0f) * 4 : 40;
        int protocol = ipv4 ? packet.get(ip + 9) & 0xff : packet.get(ip + 6) & 0xff;
        if (l4 < (ipv4 ? 20 : 40) || (l4 == (ipv4 ? (packet.get(ip) & 0x0f) * 4 : 40) && protocol != (tcp ? TCP : UDP))) {
            return -1;
        }
        if (l4 + (tcp ? 20 : 8) > length) {
            return -1;
        }
        int l4HeaderLength = tcp ? ((packet.get(ip + l4 + 12) & 0xff) >>> 4) * 4 : 8;
        if (l4HeaderLength < (tcp ? 20 : 8)) {
            return -1;
        }
        headerLength = l4 + l4HeaderLength;
        gsoSize = h.gsoSize;
        if (headerLength > length || gsoSize == 0) {
            return -1;
        }
        payloadLength = length - headerLength;
        count = Math.max(1, (payloadLength + gsoSize - 1) / gsoSize);
        if (count == 1 && h.needsChecksum()) {
            // one segment already (a large MTU): its lengths are right, only the checksum is partial
            return completeChecksum(h, length) ? 0 : -1;
        }
        firstId = ipv4 ? packet.getShort(ip + 4) & 0xffff : 0;
        firstSequence = tcp ? packet.getInt(ip + l4 + 4) & 0xffffffffL : 0;
        return count;
    }

    /** The number of segments of the packet last read. */
    public int count() {
        return count;
    }

    /**
     * Writes segment {@code i} (from 0) of the packet last read by {@link #begin} to {@code dst}
     * from 0; on return it lies between 0 and dst's limit. {@code dst} must hold the headers and
     * {@code gso_size} octets.
     */
    public void segment(int i, ByteBuffer dst) {
        int offset = i * gsoSize;
        int n = Math.min(gsoSize, payloadLength - offset);
        int total = headerLength + n;
        dst.clear();
        dst.put(0, packet, ip, headerLength);
        dst.put(headerLength, packet, ip + headerLength + offset, n);
        dst.limit(total);
        if (ipv4) {
            int ihl = (dst.get(0) & 0x0f) * 4;
            dst.putShort(2, (short) total);
            dst.putShort(4, (short) (firstId + i));
            InternetChecksum.setIpv4HeaderChecksum(dst, 0, ihl);
        } else {
            dst.putShort(4, (short) (total - 40));
        }
        if (tcp) {
            dst.putInt(l4 + 4, (int) (firstSequence + offset));
            int flags = dst.get(l4 + 13) & 0xff;
            if (i < count - 1) {
                flags &= ~(TCP_FIN | TCP_PSH);
            }
            if (i > 0) {
                flags &= ~TCP_CWR;
            }
            dst.put(l4 + 13, (byte) flags);
            InternetChecksum.setTransportChecksum(dst, 0, ipv4, TCP, l4, total - l4, 16);
        } else {
            dst.putShort(l4 + 4, (short) (total - l4));
            InternetChecksum.setTransportChecksum(dst, 0, ipv4, UDP, l4, total - l4, 6);
        }
    }

    /**
     * Completes a partial checksum in place (what the kernel's skb_checksum_help does): the field
     * already holds the pseudo-header sum, so the sum from csum_start to the end is the checksum.
     */
    private boolean completeChecksum(VirtioNetHeader h, int length) {
        int field = h.csumStart + h.csumOffset;
        if (h.csumStart >= length || field + 2 > length) {
            return false;
        }
        int c = ~InternetChecksum.fold(InternetChecksum.add(0, packet, ip + h.csumStart, length - h.csumStart)) & 0xffff;
        packet.putShort(ip + field, (short) (c == 0 ? 0xffff : c));
        return true;
    }
}
