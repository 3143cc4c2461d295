package org.jiked.config.model;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.regex.Pattern;

/**
 * Strict parsing and printing of IP address literals.
 *
 * <p>{@link InetAddress#getByName} would resolve names through DNS and accepts odd forms such as
 * {@code 10.1}; a configuration file must say exactly one address, so only dotted-quad IPv4 and
 * plain (unscoped) IPv6 literals are accepted here.
 */
public final class IpAddresses {
    private IpAddresses() {}

    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    /** Parses a dotted-quad IPv4 literal; null if {@code text} is not one. */
    public static Inet4Address parseIpv4(String text) {
        if (text == null || !IPV4.matcher(text).matches()) {
            return null;
        }
        try {
            return Inet4Address.ofLiteral(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Parses an IPv6 literal without zone; null if {@code text} is not one. */
    public static Inet6Address parseIpv6(String text) {
        if (text == null || !text.contains(":") || !IPV6_CHARS.matcher(text).matches()) {
            return null;
        }
        try {
            // IPv4-mapped literals come back as Inet4Address; they are not accepted as IPv6.
            return InetAddress.ofLiteral(text) instanceof Inet6Address a ? a : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Parses an IPv4 or IPv6 literal; null if {@code text} is neither. */
    public static InetAddress parse(String text) {
        InetAddress a = parseIpv4(text);
        return a != null ? a : parseIpv6(text);
    }

    /** Address text: dotted quad, or the RFC 5952 compressed IPv6 form. */
    public static String format(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        // Longest run of two or more zero words is replaced by "::" (first one on a tie).
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (words[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && words[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
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
            sb.append(Integer.toHexString(words[i]));
        }
        return sb.toString();
    }

    /** True if both addresses are IPv4 or both are IPv6. */
    public static boolean sameFamily(InetAddress a, InetAddress b) {
        return (a instanceof Inet4Address) == (b instanceof Inet4Address);
    }
}
