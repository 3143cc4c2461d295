package org.jiked.offload;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The {@code struct virtio_net_hdr} (10 octets, without the buffer count of the mergeable
 * variant) that a TUN device opened with IFF_VNET_HDR puts in front of every packet read and
 * expects in front of every packet written (include/uapi/linux/virtio_net.h):
 *
 * <pre>
 *   u8 flags;  u8 gso_type;  u16 hdr_len;  u16 gso_size;  u16 csum_start;  u16 csum_offset;
 * </pre>
 *
 * A TUN device uses the host's byte order for the 16-bit fields (legacy virtio, no TUNSETVNETLE).
 * With {@link #F_NEEDS_CSUM} the transport checksum is only partial: the field at
 * {@code csum_start + csum_offset} holds the pseudo-header sum and the rest from
 * {@code csum_start} on is still to be added. With a {@code gso_type} the packet is a
 * super-packet to be cut into pieces of {@code gso_size} payload octets.
 */
public final class VirtioNetHeader {
    public static final int LENGTH = 10;

    public static final int F_NEEDS_CSUM = 1;
    public static final int F_DATA_VALID = 2;

    public static final int GSO_NONE = 0;
    public static final int GSO_TCPV4 = 1;
    public static final int GSO_UDP = 3;
    public static final int GSO_TCPV6 = 4;
    public static final int GSO_UDP_L4 = 5;
    public static final int GSO_ECN = 0x80;

    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    public int flags;
    public int gsoType;
    public int headerLength;
    public int gsoSize;
    public int csumStart;
    public int csumOffset;

    /** Reads the header at {@code b[at, at + 10)}. */
    public VirtioNetHeader read(ByteBuffer b, int at) {
        flags = b.get(at) & 0xff;
        gsoType = b.get(at + 1) & 0xff;
        headerLength = u16(b, at + 2);
        gsoSize = u16(b, at + 4);
        csumStart = u16(b, at + 6);
        csumOffset = u16(b, at + 8);
        return this;
    }

    /** Writes the header to {@code b[at, at + 10)}. */
    public void write(ByteBuffer b, int at) {
        b.put(at, (byte) flags);
        b.put(at + 1, (byte) gsoType);
        u16(b, at + 2, headerLength);
        u16(b, at + 4, gsoSize);
        u16(b, at + 6, csumStart);
        u16(b, at + 8, csumOffset);
    }

    /** Writes an all-zero header: a whole packet with its checksums complete. */
    public static void writeNone(ByteBuffer b, int at) {
        b.putLong(at, 0L);
        b.putShort(at + 8, (short) 0);
    }

    public boolean needsChecksum() {
        return (flags & F_NEEDS_CSUM) != 0;
    }

    /** The GSO type without the ECN bit. */
    public int gso() {
        return gsoType & ~GSO_ECN;
    }

    private static int u16(ByteBuffer b, int at) {
        short s = b.getShort(at);
        return (ORDER == ByteOrder.BIG_ENDIAN ? s : Short.reverseBytes(s)) & 0xffff;
    }

    private static void u16(ByteBuffer b, int at, int v) {
        short s = (short) v;
        b.putShort(at, ORDER == ByteOrder.BIG_ENDIAN ? s : Short.reverseBytes(s));
    }

    @Override
    public String toString() {
        return "virtio_net_hdr[flags " + flags + " gso " + gsoType + " hdr_len " + headerLength + " gso_size "
                + gsoSize + " csum " + csumStart + "+" + csumOffset + "]";
    }
}
