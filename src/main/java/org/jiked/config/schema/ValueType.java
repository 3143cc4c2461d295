package org.jiked.config.schema;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jiked.config.model.Defaults;
import org.jiked.config.model.IpAddresses;
import org.jiked.config.model.IpPrefix;
import org.jiked.config.model.Keyword;

/**
 * The type of a statement's value: what text is accepted, and how to say what was expected.
 * Checking values here, while parsing, lets every error point at the line that has the value.
 */
public final class ValueType {
    private final String expected;
    private final List<String> choices;
    private final Predicate<String> accepts;

    private ValueType(String expected, List<String> choices, Predicate<String> accepts) {
        this.expected = expected;
        this.choices = choices;
        this.accepts = accepts;
    }

    private static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");
    private static final Pattern HOSTNAME_PATTERN = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252}[A-Za-z0-9])?\\.?");
    private static final Pattern HEX_PATTERN = Pattern.compile("([0-9A-Fa-f]{2})+");
    private static final Pattern WORD_PATTERN = Pattern.compile("\\S+");

    /** Any text, including spaces (quoted). */
    public static final ValueType STRING = new ValueType("a string", null, s -> true);
    /** A word without spaces. */
    public static final ValueType WORD = new ValueType("a word without spaces", null, s -> WORD_PATTERN.matcher(s).matches());
    /** The name of a proposal, policy, gateway, VPN or traffic selector (Junos: up to 32 characters). */
    public static final ValueType NAME = new ValueType(
            "a name of up to 32 letters, digits, '.', '_' or '-', starting with a letter or digit", null,
            s -> NAME_PATTERN.matcher(s).matches());
    public static final ValueType IPV4 = new ValueType("an IPv4 address", null, s -> IpAddresses.parseIpv4(s) != null);
    public static final ValueType IPV6 = new ValueType("an IPv6 address", null, s -> IpAddresses.parseIpv6(s) != null);
    public static final ValueType IP = new ValueType("an IPv4 or IPv6 address", null, s -> IpAddresses.parse(s) != null);
    public static final ValueType PREFIX = new ValueType(
            "an IPv4 or IPv6 prefix such as 198.51.100.0/24", null, s -> IpPrefix.parse(s) != null);
    public static final ValueType HOSTNAME = new ValueType("a host name", null, s -> HOSTNAME_PATTERN.matcher(s).matches());
    public static final ValueType EMAIL = new ValueType(
            "an address of the form user@host", null, s -> s.indexOf('@') > 0 && s.indexOf('@') < s.length() - 1
                    && s.chars().allMatch(c -> c > ' ' && c < 0x7f));
    public static final ValueType HEX = new ValueType("an even number of hexadecimal digits", null,
            s -> HEX_PATTERN.matcher(s).matches());
    /** A logical unit of the secure tunnel interface, {@code st0.N} (the only interfaces jiked runs). */
    public static final ValueType ST0_UNIT = new ValueType("an st0 logical interface such as st0.0", null,
            s -> s.matches("st0\\.\\d{1,5}") && Integer.parseInt(s.substring(4)) <= Defaults.ST0_UNIT_MAX);
    /** A non-empty string, e.g. a pre-shared key given as text. */
    public static final ValueType NON_EMPTY = new ValueType("a non-empty string", null, s -> !s.isEmpty());

    /** A whole number from {@code min} to {@code max}. */
    public static ValueType range(long min, long max) {
        return new ValueType("a number from " + min + " to " + max, null, s -> {
            if (!s.matches("\\d{1,19}")) {
                return false;
            }
            try {
                long v = Long.parseLong(s);
                return v >= min && v <= max;
            } catch (NumberFormatException e) {
                return false;
            }
        });
    }

    /** One of the keywords of the given constants. */
    public static ValueType oneOf(Keyword... constants) {
        return oneOf(Keyword.keywords(constants));
    }

    /** One of the given keywords; they are listed sorted in messages, like Junos completion does. */
    public static ValueType oneOf(List<String> keywords) {
        List<String> sorted = keywords.stream().sorted().toList();
        return new ValueType("one of: " + String.join(", ", sorted), sorted, sorted::contains);
    }

    /** True if {@code value} is acceptable. */
    public boolean accepts(String value) {
        return value != null && accepts.test(value);
    }

    /** The keywords accepted, for enumerations; null otherwise. */
    public List<String> choices() {
        return choices;
    }

    /** What a valid value looks like, e.g. "a number from 180 to 86400" or "one of: a, b". */
    public String expected() {
        return expected;
    }

    /** The error message for an invalid value of {@code keyword}. */
    public String invalidValueMessage(String keyword, String value) {
        return "invalid value '" + value + "' for " + keyword + "; expected " + expected;
    }
}
