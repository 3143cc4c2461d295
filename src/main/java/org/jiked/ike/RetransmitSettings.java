package org.jiked.ike;

/**
 * Retransmission of requests (RFC 7296 section 2.1): the first timeout, doubled per retry up to
 * {@code maxTimeoutMillis}, and how many retransmissions before the exchange and its IKE SA are
 * given up. Bounding an initiator's unfinished IKE SA is this record's job; a responder's half-open
 * one is bounded by {@link SessionSettings#halfOpenTimeoutMillis()}.
 */
public record RetransmitSettings(long initialTimeoutMillis, long maxTimeoutMillis, int retries) {
    public static final RetransmitSettings DEFAULT = new RetransmitSettings(2_000, 32_000, 5);

    public RetransmitSettings {
        if (initialTimeoutMillis < 0 || maxTimeoutMillis < initialTimeoutMillis || retries < 0) {
            throw new IllegalArgumentException("retransmission: initial timeout " + initialTimeoutMillis
                    + " ms, max " + maxTimeoutMillis + " ms, retries " + retries);
        }
    }

    /** The wait after transmission number {@code attempt} (0 for the first). */
    public long timeout(int attempt) {
        long t = initialTimeoutMillis << Math.min(attempt, 20);
        return Math.min(t, maxTimeoutMillis);
    }

    @Override
    public String toString() {
        return "count " + retries + ", initial interval " + seconds(initialTimeoutMillis) + ", max interval "
                + seconds(maxTimeoutMillis);
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
