package org.jiked.crypto;

import java.math.BigInteger;
import java.util.Arrays;

/** Small byte-array helpers shared by the crypto package. */
final class Bytes {
    private Bytes() {}

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, offset, part.length);
            offset += part.length;
        }
        return out;
    }

    /** The 8-octet network-order encoding of an IKE SPI. */
    static byte[] spi(long spi) {
        byte[] out = new byte[8];
        for (int i = 7; i >= 0; i--) {
            out[i] = (byte) spi;
            spi >>>= 8;
        }
        return out;
    }

    /**
     * Big-endian unsigned encoding of {@code value} left-padded with zeros to exactly
     * {@code length} octets (the fixed-length encodings of RFC 7296 / RFC 5903 need this:
     * BigInteger drops leading zeros and may add a sign octet).
     */
    static byte[] unsigned(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        if (raw.length == length) {
            return raw;
        }
        int skip = 0;
        while (skip < raw.length - 1 && raw[skip] == 0 && raw.length - skip > length) {
            skip++;
        }
        int significant = raw.length - skip;
        if (significant > length) {
            throw new IllegalArgumentException("value does not fit in " + length + " octets");
        }
        byte[] out = new byte[length];
        System.arraycopy(raw, skip, out, length - significant, significant);
        Arrays.fill(raw, (byte) 0);
        return out;
    }

    /** Little-endian unsigned encoding (RFC 7748 section 5) of exactly {@code length} octets. */
    static byte[] unsignedLittleEndian(BigInteger value, int length) {
        byte[] out = unsigned(value, length);
        reverse(out);
        return out;
    }

    static BigInteger fromLittleEndian(byte[] in) {
        byte[] copy = in.clone();
        reverse(copy);
        return new BigInteger(1, copy);
    }

    static void reverse(byte[] a) {
        for (int i = 0, j = a.length - 1; i < j; i++, j--) {
            byte t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Whether every octet is zero, looking at all of them so the time does not depend on where. */
    static boolean isAllZero(byte[] a) {
        int acc = 0;
        for (byte b : a) {
            acc |= b;
        }
        return acc == 0;
    }

    static void zero(byte[]... arrays) {
        for (byte[] a : arrays) {
            if (a != null) {
                Arrays.fill(a, (byte) 0);
            }
        }
    }
}
