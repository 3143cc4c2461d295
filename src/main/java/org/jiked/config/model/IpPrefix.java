package org.jiked.config.model;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An address prefix such as {@code 198.51.100.0/24}, as written in {@code traffic-selector local-ip}
 * and {@code remote-ip}. The address is stored with its host bits cleared, because a prefix
 * written as {@code 198.51.100.7/24} covers the same range as {@code 198.51.100.0/24}.
 */
public record IpPrefix(InetAddress address, int length) {

    public IpPrefix {
        Objects.requireNonNull(address, "address");
        int max = maxLength(address);
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("prefix length " + length + " out of range 0.." + max);
        }
        address = mask(address, length);
    }

    /** Parses {@code address/length}; a bare address is a host prefix (/32 or /128). Null if invalid. */
    public static IpPrefix parse(String text) {
        if (text == null) {
            return null;
        }
        int slash = text.indexOf('/');
        String addr = slash < 0 ? text : text.substring(0, slash);
        InetAddress a = IpAddresses.parse(addr);
        if (a == null) {
            return null;
        }
        int len = maxLength(a);
        if (slash >= 0) {
            String digits = text.substring(slash + 1);
            if (!digits.matches("\\d{1,3}")) {
                return null;
            }
            len = Integer.parseInt(digits);
            if (len > maxLength(a)) {
                return null;
            }
        }
        return new IpPrefix(a, len);
    }

    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    /** True if {@code a} is of the same family and inside this prefix. */
    public boolean contains(InetAddress a) {
        return IpAddresses.sameFamily(a, address) && mask(a, length).equals(address);
    }

    /** True if every address of {@code other} is inside this prefix. */
    public boolean contains(IpPrefix other) {
        return other.length >= length && contains(other.address);
    }

    /** Lowest address of the prefix (the network address). */
    public InetAddress first() {
        return address;
    }

    /** Highest address of the prefix. */
    public InetAddress last() {
        byte[] b = address.getAddress();
        for (int bit = length; bit < b.length * 8; bit++) {
            b[bit / 8] |= (byte) (0x80 >>> (bit % 8));
        }
        return toAddress(b);
    }

    /** Number of addresses covered. */
    public BigInteger size() {
        return BigInteger.ONE.shiftLeft(maxLength(address) - length);
    }

    @Override
    public String toString() {
        return IpAddresses.format(address) + "/" + length;
    }

    private static int maxLength(InetAddress a) {
        return a instanceof Inet4Address ? 32 : 128;
    }

    private static InetAddress mask(InetAddress a, int length) {
        byte[] b = a.getAddress();
        for (int bit = length; bit < b.length * 8; bit++) {
            b[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return toAddress(b);
    }

    private static InetAddress toAddress(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen for 4 or 16 bytes
        }
    }
}
