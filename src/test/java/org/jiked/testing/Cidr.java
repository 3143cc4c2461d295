package org.jiked.testing;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address with its prefix length, such as {@code 198.51.100.1/24}.
 *
 * @param address the address as written, without prefix
 * @param prefix  prefix length
 */
public record Cidr(String address, int prefix) {

    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not address/prefix: " + text);
        }
        String addr = text.substring(0, slash);
        int prefix = Integer.parseInt(text.substring(slash + 1));
        int max = bytes(addr).length * 8;
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("bad prefix length in " + text);
        }
        return new Cidr(addr, prefix);
    }

    public boolean isIpv6() {
        return address.contains(":");
    }

    /** The subnet this address is in, e.g. {@code 198.51.100.0/24}. */
    public String network() {
        byte[] b = bytes(address);
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - 8 * i));
            b[i] &= (byte) (0xff << (8 - keep));
        }
        return format(b) + "/" + prefix;
    }

    /** Dotted quad, or RFC 5952 text for IPv6 (longest run of zero groups as "::"). */
    static String format(byte[] b) {
        if (b.length == 4) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1; // a single zero group is not compressed
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    /** The single-host form of the address: /32 or /128. */
    public String host() {
        return address + (isIpv6() ? "/128" : "/32");
    }

    @Override
    public String toString() {
        return address + "/" + prefix;
    }

    private static byte[] bytes(String literal) {
        // Literal addresses only: getByName on a literal never touches DNS.
        if (!literal.matches("[0-9a-fA-F.:]+")) {
            throw new IllegalArgumentException("not an IP address literal: " + literal);
        }
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + literal, e);
        }
    }
}
