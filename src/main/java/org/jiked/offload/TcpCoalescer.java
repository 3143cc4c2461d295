package org.jiked.offload;

import java.nio.ByteBuffer;

/**
 * Receive-side coalescing (what the kernel's GRO does for a NIC): consecutive in-order TCP
 * segments of one flow become one super-packet, written to the TUN device once with a
 * {@link VirtioNetHeader} that says how the kernel may cut it up again ({@code gso_type} TCPV4
 * or TCPV6, {@code gso_size} the first segment's payload) and with a partial checksum
 * ({@link VirtioNetHeader#F_NEEDS_CSUM}: the pseudo-header sum in the checksum field), so the
 * stack receives one packet where the wire carried dozens.
 *
 * <p>A segment joins the flow's open super-packet when it carries payload, has no flag but ACK
 * and PSH, continues the sequence exactly, is no larger than the first segment, and agrees with
 * it in everything else: addresses, ports, IPv4 TOS, DF and TTL or IPv6 traffic class, flow
 * label and hop limit, acknowledgement number, window, TCP options (timestamps included). Like
 * the kernel, only IPv4 headers without options and IPv6 headers without extension headers are
 * merged, and a segment shorter than the first, or one with PSH, closes its super-packet. Every
 * merged segment's IPv4 header checksum and TCP checksum are verified, because the kernel will
 * not look at them again; one that fails is passed on unchanged for the kernel to drop.
 *
 * <p>Anything else (other protocols, SYN, FIN, RST, URG, ECN flags, pure ACKs, fragments,
 * segments too large to have company) is left to the caller to write as it is, with an empty
 * header, after the open super-packet of its flow if there is one, so that a flow's order is
 * kept; different flows may overtake each other. Up to {@link #FLOWS} flows are open at once;
 * {@link #flush} writes them all and must be called at the end of each receive batch. Segments
 * to different targets (TUN devices) are never merged. A flow that ends up with one segment is
 * written as it arrived, with an empty header.
 *
 * @param <T> where packets are written (a TUN device)
 */
public final class TcpCoalescer<T> {
    /** Flows kept open at once within one batch. */
    static final int FLOWS = 8;
    /** The largest super-packet: IPv4's total length, IPv6's payload length (IPv6 headers merged have none beyond). */
    static final int MAX_PACKET = 65_535;
    private static final int TCP = 6;
    private static final int ACK = 0x10;
    private static final int PSH = 0x08;
    private static final int NOT_MERGEABLE_TCP = -2;

    /** Receives each packet or super-packet, with its virtio_net_hdr in front. */
    @FunctionalInterface
    public interface Writer<T> {
        /**
         * @param frame the header at {@code [position, position + 10)}, the packet behind it up to the limit
         * @param packets how many received packets it holds
         * @param bytes their lengths added up, as they arrived
         */
        void write(T target, ByteBuffer frame, int packets, long bytes);
    }

    private final Writer<T> writer;
    private final Flow[] flows = new Flow[FLOWS];
    private final VirtioNetHeader header = new VirtioNetHeader();
    private int open;
    private long age;

    public TcpCoalescer(Writer<T> writer) {
        this.writer = writer;
    }

    /** One super-packet in the making: its frame (header, then the first segment's headers and all payloads). */
    private static final class Flow {
        final ByteBuffer frame = ByteBuffer.allocate(VirtioNetHeader.LENGTH + MAX_PACKET);
        Object target;
        boolean ipv4;
        /** Offset of the TCP header in the packet, and the packet's length so far. */
        int l4;
        int tcpHeaderLength;
        int length;
        int gsoSize;
        int segments;
        long bytes;
        int nextSequence;
        boolean closed;
        /** Whether the first segment's checksums were verified (only needed once another joins). */
        boolean verified;
        long lastUse;

        ByteBuffer packet() {
            return frame.slice(VirtioNetHeader.LENGTH, MAX_PACKET);
        }
    }

    /**
     * Offers the decrypted packet {@code p[position, limit)} for {@code target}. A segment that
     * may start or continue a super-packet is copied; p is left as it was either way.
     *
     * @return true when the packet was taken; false when the caller must write it as it is, now
     *     (whatever was held of its flow has been written before it, so the flow keeps its order)
     */
    public boolean add(T target, ByteBuffer p) {
        int at = p.position();
        int n = p.remaining();
        int l4 = tcpOffset(p, at, n);
        if (l4 < 0) {
            if (l4 == NOT_MERGEABLE_TCP) {
                flush(); // it may belong to an open flow, whose order must hold
            }
            return false;
        }
        boolean ipv4 = (p.get(at) & 0xf0) == 0x40;
        int thl = ((p.get(at + l4 + 12) & 0xff) >>> 4) * 4;
        int payload = n - l4 - thl;
        int flags = p.get(at + l4 + 13) & 0xff;
        // a segment so large that no second one fits behind it is never worth a copy
        boolean candidate = payload > 0 && (flags & ~(ACK | PSH)) == 0 && (flags & ACK) != 0
                && n + payload <= MAX_PACKET;
        Flow f = find(target, p, at, ipv4, l4);
        if (f != null) {
            if (candidate && fits(f, p, at, l4, thl, payload)) {
                // checksums are verified only for segments that are merged, the first one included
                if (!f.verified) {
                    f.verified = valid(f.frame, VirtioNetHeader.LENGTH, f.length, f.ipv4, f.l4);
                }
                if (f.verified && valid(p, at, n, ipv4, l4)) {
                    append(f, p, at + l4 + thl, payload, n, (flags & PSH) != 0);
                    return true;
                }
                candidate = false; // the kernel is to see it and drop it
            }
            finish(f);
        }
        if (!candidate) {
            return false;
        }
        start(target, p, at, n, ipv4, l4, thl, payload, (flags & PSH) != 0);
        return true;
    }

    private static boolean valid(ByteBuffer b, int at, int n, boolean ipv4, int l4) {
        return (!ipv4 || InternetChecksum.ipv4HeaderValid(b, at, l4))
                && InternetChecksum.transportValid(b, at, ipv4, TCP, at + l4, n - l4);
    }

    /** Writes every open super-packet; call at the end of each receive batch. */
    public void flush() {
        for (int i = 0; i < FLOWS && open > 0; i++) {
            Flow f = flows[i];
            if (f != null && f.target != null) {
                finish(f);
            }
        }
    }

    /**
     * The offset of the TCP header when {@code p} is a whole, unfragmented TCP packet that may
     * be merged (IPv4 without options, IPv6 without extension headers); {@link #NOT_MERGEABLE_TCP}
     * for other TCP packets; -1 for the rest.
     */
    private static int tcpOffset(ByteBuffer p, int at, int n) {
        int version = (p.get(at) & 0xf0) >>> 4;
        int l4;
        if (version == 4) {
            if (n < 20 || (p.get(at + 9) & 0xff) != TCP) {
                return -1;
            }
            if (n < 40 || (p.get(at) & 0x0f) != 5 || (p.getShort(at + 2) & 0xffff) != n
                    || (p.getShort(at + 6) & 0x3fff) != 0) {
                return NOT_MERGEABLE_TCP; // options, a length that disagrees, a fragment
            }
            l4 = 20;
        } else if (version == 6) {
            if (n < 40 || (p.get(at + 6) & 0xff) != TCP) {
                return -1; // not TCP, or TCP behind extension headers, which no flow here has
            }
            if (n < 60 || (p.getShort(at + 4) & 0xffff) + 40 != n) {
                return NOT_MERGEABLE_TCP;
            }
            l4 = 40;
        } else {
            return -1;
        }
        int thl = ((p.get(at + l4 + 12) & 0xff) >>> 4) * 4;
        return thl < 20 || l4 + thl > n ? NOT_MERGEABLE_TCP : l4;
    }

    /** The open flow of the same target, addresses and ports, or null. */
    private Flow find(T target, ByteBuffer p, int at, boolean ipv4, int l4) {
        if (open == 0) {
            return null;
        }
        for (Flow f : flows) {
            if (f == null || f.target != target || f.ipv4 != ipv4) {
                continue;
            }
            ByteBuffer q = f.frame;
            int base = VirtioNetHeader.LENGTH;
            boolean same = ipv4
                    ? q.getLong(base + 12) == p.getLong(at + 12)
                    : q.getLong(base + 8) == p.getLong(at + 8) && q.getLong(base + 16) == p.getLong(at + 16)
                            && q.getLong(base + 24) == p.getLong(at + 24) && q.getLong(base + 32) == p.getLong(at + 32);
            if (same && q.getInt(base + l4) == p.getInt(at + l4)) {
                return f;
            }
        }
        return null;
    }

    /** Whether the segment continues {@code f} and agrees with its first segment. */
    private static boolean fits(Flow f, ByteBuffer p, int at, int l4, int thl, int payload) {
        if (f.closed || thl != f.tcpHeaderLength || payload > f.gsoSize || f.length + payload > MAX_PACKET
                || p.getInt(at + l4 + 4) != f.nextSequence) {
            return false;
        }
        ByteBuffer q = f.frame;
        int base = VirtioNetHeader.LENGTH;
        if (f.ipv4) {
            // version/IHL and TOS, DF, TTL (IP ID, length and checksum differ by nature)
            if (q.getShort(base) != p.getShort(at) || (q.get(base + 6) & 0x40) != (p.get(at + 6) & 0x40)
                    || q.get(base + 8) != p.get(at + 8)) {
                return false;
            }
        } else if (q.getInt(base) != p.getInt(at) || q.get(base + 7) != p.get(at + 7)) {
            return false; // version, traffic class, flow label; hop limit
        }
        int t = base + l4;
        int u = at + l4;
        // acknowledgement number, window, then the options word by word
        if (q.getInt(t + 8) != p.getInt(u + 8) || q.getShort(t + 14) != p.getShort(u + 14)) {
            return false;
        }
        for (int i = 20; i < thl; i += 4) {
            if (q.getInt(t + i) != p.getInt(u + i)) {
                return false;
            }
        }
        return true;
    }

    private void start(T target, ByteBuffer p, int at, int n, boolean ipv4, int l4, int thl, int payload, boolean psh) {
        Flow f = freeFlow();
        f.target = target;
        f.ipv4 = ipv4;
        f.l4 = l4;
        f.tcpHeaderLength = thl;
        f.length = n;
        f.gsoSize = payload;
        f.segments = 1;
        f.bytes = n;
        f.nextSequence = p.getInt(at + l4 + 4) + payload;
        f.closed = psh;
        f.verified = false;
        f.lastUse = ++age;
        f.frame.put(VirtioNetHeader.LENGTH, p, at, n);
        open++;
    }

    private void append(Flow f, ByteBuffer p, int from, int payload, int n, boolean psh) {
        f.frame.put(VirtioNetHeader.LENGTH + f.length, p, from, payload);
        f.length += payload;
        f.segments++;
        f.bytes += n;
        f.nextSequence += payload;
        f.lastUse = ++age;
        if (psh) {
            int flags = VirtioNetHeader.LENGTH + f.l4 + 13;
            f.frame.put(flags, (byte) (f.frame.get(flags) | PSH));
        }
        // a short segment ends what the sender cut from one piece; PSH ends what it meant to deliver
        f.closed = psh || payload < f.gsoSize;
    }

    /** A free slot, writing out the least recently used flow when all are taken. */
    private Flow freeFlow() {
        Flow oldest = null;
        for (int i = 0; i < FLOWS; i++) {
            Flow f = flows[i];
            if (f == null) {
                f = new Flow();
                flows[i] = f;
            }
            if (f.target == null) {
                return f;
            }
            if (oldest == null || f.lastUse < oldest.lastUse) {
                oldest = f;
            }
        }
        finish(oldest);
        return oldest;
    }

    /** Writes {@code f}: as it arrived when it holds one segment, else as a super-packet. */
    private void finish(Flow f) {
        ByteBuffer frame = f.frame;
        int base = VirtioNetHeader.LENGTH;
        if (f.segments == 1) {
            VirtioNetHeader.writeNone(frame, 0);
        } else {
            if (f.ipv4) {
                frame.putShort(base + 2, (short) f.length);
                InternetChecksum.setIpv4HeaderChecksum(frame, base, f.l4);
            } else {
                frame.putShort(base + 4, (short) (f.length - 40));
            }
            // partial checksum: the pseudo-header sum, not complemented, as the kernel keeps it
            int l4Length = f.length - f.l4;
            frame.putShort(base + f.l4 + 16,
                    (short) InternetChecksum.fold(InternetChecksum.pseudoHeader(frame, base, f.ipv4, TCP, l4Length)));
            header.flags = VirtioNetHeader.F_NEEDS_CSUM;
            header.gsoType = f.ipv4 ? VirtioNetHeader.GSO_TCPV4 : VirtioNetHeader.GSO_TCPV6;
            header.headerLength = f.l4 + f.tcpHeaderLength;
            header.gsoSize = f.gsoSize;
            header.csumStart = f.l4;
            header.csumOffset = 16;
            header.write(frame, 0);
        }
        frame.limit(base + f.length).position(0);
        Object target = f.target;
        f.target = null;
        open--;
        @SuppressWarnings("unchecked")
        T t = (T) target;
        writer.write(t, frame, f.segments, f.bytes);
        frame.clear();
    }
}
