package org.jiked.offload;

import java.nio.ByteBuffer;

/**
 * Handmade IPv4 and IPv6 packets for the offload tests, with checksums computed here octet by
 * octet, independently of {@link InternetChecksum}.
 */
final class TestPackets {
    static final byte[] SRC4 = {(byte) 198, 51, 100, 7};
    static final byte[] DST4 = {(byte) 203, 0, 113, 9};
    static final byte[] SRC6 = v6(0x20010db8_00010000L, 7);
    static final byte[] DST6 = v6(0x20010db8_00020000L, 9);
    static final int TCP = 6;
    static final int UDP = 17;
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int PSH = 0x08;
    static final int ACK = 0x10;
    static final int CWR = 0x80;
    /** A timestamp option (with two NOPs in front), as Linux sends on every segment. */
    static final byte[] TIMESTAMPS = {1, 1, 8, 10, 0, 0, 0x12, 0x34, 0, 0, 0x56, 0x78};

    private TestPackets() {}

    private static byte[] v6(long high, long low) {
        return ByteBuffer.allocate(16).putLong(high).putLong(low).array();
    }

    /** Octets {@code seed, seed+1, ...} (mod 251, so that no period lines up with the words). */
    static byte[] payload(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) ((seed + i) % 251);
        }
        return b;
    }

    /** A TCP segment over IPv4 (or IPv6 with {@code ipv6}) with correct checksums. */
    static ByteBuffer tcp(boolean ipv6, int sport, int dport, long seq, long ack, int flags, byte[] options,
                          byte[] payload) {
        int ipHeader = ipv6 ? 40 : 20;
        int thl = 20 + options.length;
        int total = ipHeader + thl + payload.length;
        ByteBuffer b = ByteBuffer.allocate(total);
        ipHeader(b, ipv6, TCP, total, 0x1234);
        b.putShort(ipHeader, (short) sport).putShort(ipHeader + 2, (short) dport);
        b.putInt(ipHeader + 4, (int) seq).putInt(ipHeader + 8, (int) ack);
        b.put(ipHeader + 12, (byte) ((thl / 4) << 4)).put(ipHeader + 13, (byte) flags);
        b.putShort(ipHeader + 14, (short) 501);
        b.put(ipHeader + 20, options).put(ipHeader + thl, payload);
        b.putShort(ipHeader + 16, (short) transportChecksum(b, ipv6, TCP, ipHeader));
        return b.position(0).limit(total);
    }

    /** A UDP datagram over IPv4 or IPv6 with correct checksums. */
    static ByteBuffer udp(boolean ipv6, int sport, int dport, byte[] payload) {
        int ipHeader = ipv6 ? 40 : 20;
        int total = ipHeader + 8 + payload.length;
        ByteBuffer b = ByteBuffer.allocate(total);
        ipHeader(b, ipv6, UDP, total, 0x4321);
        b.putShort(ipHeader, (short) sport).putShort(ipHeader + 2, (short) dport);
        b.putShort(ipHeader + 4, (short) (8 + payload.length));
        b.put(ipHeader + 8, payload);
        int c = transportChecksum(b, ipv6, UDP, ipHeader);
        b.putShort(ipHeader + 6, (short) (c == 0 ? 0xffff : c));
        return b.position(0).limit(total);
    }

    private static void ipHeader(ByteBuffer b, boolean ipv6, int protocol, int total, int id) {
        if (ipv6) {
            b.putInt(0, 0x60000000 | (0x2a << 20) | 0x12345);
            b.putShort(4, (short) (total - 40));
            b.put(6, (byte) protocol).put(7, (byte) 64);
            b.put(8, SRC6).put(24, DST6);
        } else {
            b.put(0, (byte) 0x45).put(1, (byte) 0);
            b.putShort(2, (short) total).putShort(4, (short) id).putShort(6, (short) 0x4000);
            b.put(8, (byte) 64).put(9, (byte) protocol);
            b.put(12, SRC4).put(16, DST4);
            b.putShort(10, (short) checksum(b, 0, 20, 0));
        }
    }

    /** The ones' complement of the ones' complement sum, one 16-bit word at a time. */
    static int checksum(ByteBuffer b, int from, int length, long initial) {
        long sum = initial;
        for (int i = 0; i < length; i += 2) {
            int hi = b.get(from + i) & 0xff;
            int lo = i + 1 < length ? b.get(from + i + 1) & 0xff : 0;
            sum += (hi << 8) | lo;
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    /** The pseudo-header sum (not complemented) of the transport segment from {@code l4} to the limit. */
    static long pseudo(ByteBuffer b, boolean ipv6, int protocol, int l4) {
        int length = b.limit() - l4;
        long sum = 0;
        int from = ipv6 ? 8 : 12;
        int n = ipv6 ? 32 : 8;
        for (int i = 0; i < n; i += 2) {
            sum += ((b.get(from + i) & 0xff) << 8) | (b.get(from + i + 1) & 0xff);
        }
        sum += protocol + (length >>> 16) + (length & 0xffff);
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return sum;
    }

    /** The checksum a transport segment from {@code l4} to the limit should carry (field taken as zero). */
    static int transportChecksum(ByteBuffer b, boolean ipv6, int protocol, int l4) {
        int field = l4 + (protocol == TCP ? 16 : 6);
        short saved = b.getShort(field);
        b.putShort(field, (short) 0);
        int c = checksum(b, l4, b.limit() - l4, pseudo(b, ipv6, protocol, l4));
        b.putShort(field, saved);
        return c;
    }

    /** Whether the whole transport segment from {@code l4} verifies (sums to all ones). */
    static boolean transportValid(ByteBuffer b, boolean ipv6, int protocol, int l4) {
        return checksum(b, l4, b.limit() - l4, pseudo(b, ipv6, protocol, l4)) == 0;
    }

    static boolean ipv4HeaderValid(ByteBuffer b) {
        return checksum(b, 0, 20, 0) == 0;
    }

    /** A copy of {@code b[from, limit)} as an array. */
    static byte[] bytes(ByteBuffer b, int from) {
        byte[] a = new byte[b.limit() - from];
        b.get(from, a);
        return a;
    }
}
