package org.jiked.cli;

import java.util.Map;

/** {@code show security ike stats}: every engine counter, one per line. */
final class IkeStatsView {
    private IkeStatsView() {}

    static String text(Map<String, Long> stats) {
        StringBuilder sb = new StringBuilder("IKE statistics:\n");
        stats.forEach((k, v) -> sb.append(String.format("  %-28s %d%n", k, v)));
        return sb.toString();
    }

    static String json(Map<String, Long> stats) {
        return Json.write(Map.of("ike-stats", stats));
    }
}
