package org.jiked.cli;

import java.util.Map;

/**
 * {@code show security ipsec statistics}: the data plane's packet and octet counts, and every
 * drop by its reason (RFC 4303 section 3.4 checks: replay, ICV, padding, unknown SPI, ...).
 */
final class IpsecStatsView {
    private IpsecStatsView() {}

    static String text(Map<String, Long> stats) {
        StringBuilder sb = new StringBuilder("ESP statistics:\n");
        stats.forEach((k, v) -> sb.append(String.format("  %-30s %d%n", k, v)));
        return sb.toString();
    }

    static String json(Map<String, Long> stats) {
        return Json.write(Map.of("ipsec-statistics", stats));
    }
}
