package org.jiked.offload;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit
 * words, with the pseudo-headers of TCP and UDP over IPv4 (RFC 9293 section 3.1, RFC 768) and
 * IPv6 (RFC 8200 section 8.1).
 *
 * <p>Sums are kept unfolded in a long, so that ranges can be added up before one {@link #fold}.
 * Ones' complement addition is addition modulo 2^16 - 1, where 2^16 and 2^32 are both 1: a
 * range is summed eight octets at a time as two 32-bit halves, which is the same sum.
 */
public final class InternetChecksum {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private InternetChecksum() {}

    /**
     * Adds the octets {@code b[at, at + length)} (absolute indices) to {@code sum} as big-endian
     * 16-bit words, the word boundaries counted from {@code at}; an odd last octet is padded.
     */
    public static long add(long sum, ByteBuffer b, int at, int length) {
        if (b.hasArray()) {
            return add(sum, b.array(), b.arrayOffset() + at, length);
        }
        int i = at;
        int end = at + length;
        for (; i + 1 < end; i += 2) {
            sum += ((b.get(i) & 0xff) << 8) | (b.get(i + 1) & 0xff);
        }
        if (i < end) {
            sum += (b.get(i) & 0xff) << 8;
        }
        return sum;
    }

    /** {@link #add(long, ByteBuffer, int, int)} on an array. */
    public static long add(long sum, byte[] b, int at, int length) {
        int i = at;
        int end = at + length;
        // each step adds less than 2^33: a 64 KiB range stays far below overflow
        for (; i + 8 <= end; i += 8) {
            long w = (long) LONGS.get(b, i);
            sum += (w >>> 32) + (w & 0xffffffffL);
        }
        for (; i + 1 < end; i += 2) {
            sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        if (i < end) {
            sum += (b[i] & 0xff) << 8;
        }
        return sum;
    }

    /** Folds an unfolded sum into 16 bits (ones' complement addition of the carries). */
    public static int fold(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) sum;
    }

    /**
     * The sum of the pseudo-header of a transport segment of {@code l4Length} octets and IP
     * protocol {@code protocol} in the IP packet starting at {@code ip}: source and destination
     * address, protocol and length (the order of words does not change the sum).
     */
    public static long pseudoHeader(ByteBuffer b, int ip, boolean ipv4, int protocol, int l4Length) {
        long sum = ipv4 ? add(0, b, ip + 12, 8) : add(0, b, ip + 8, 32);
        return sum + protocol + (l4Length & 0xffff) + (l4Length >>> 16);
    }

    /** Sets the header checksum of the IPv4 header of {@code ihl} octets at {@code ip}. */
    public static void setIpv4HeaderChecksum(ByteBuffer b, int ip, int ihl) {
        b.putShort(ip + 10, (short) 0);
        b.putShort(ip + 10, (short) ~fold(add(0, b, ip, ihl)));
    }

    /** Whether the IPv4 header of {@code ihl} octets at {@code ip} carries a correct checksum. */
    public static boolean ipv4HeaderValid(ByteBuffer b, int ip, int ihl) {
        return fold(add(0, b, ip, ihl)) == 0xffff;
    }

    /**
     * Sets the checksum of the TCP or UDP segment {@code b[l4, l4 + l4Length)} of the IP packet at
     * {@code ip}, the checksum field being at {@code l4 + fieldOffset}. A result of 0 is sent as
     * 0xffff, its ones' complement twin, as UDP requires (RFC 768) and the kernel does for both.
     */
    public static void setTransportChecksum(ByteBuffer b, int ip, boolean ipv4, int protocol, int l4, int l4Length,
                                            int fieldOffset) {
        b.putShort(l4 + fieldOffset, (short) 0);
        int c = ~fold(add(pseudoHeader(b, ip, ipv4, protocol, l4Length), b, l4, l4Length)) & 0xffff;
        b.putShort(l4 + fieldOffset, (short) (c == 0 ? 0xffff : c));
    }

    /** Whether the TCP or UDP segment {@code b[l4, l4 + l4Length)} of the IP packet at {@code ip} verifies. */
    public static boolean transportValid(ByteBuffer b, int ip, boolean ipv4, int protocol, int l4, int l4Length) {
        return fold(add(pseudoHeader(b, ip, ipv4, protocol, l4Length), b, l4, l4Length)) == 0xffff;
    }
}
