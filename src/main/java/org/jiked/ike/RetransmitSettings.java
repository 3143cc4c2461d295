package org.jiked.ike;

/**
 * Retransmission of requests (RFC 7296 section 2.1): the first timeout, doubled per retry up to
 * {@code maxTimeoutMillis}, and how many retransmissions before the exchange and its IKE SA are given up.
 */
public record RetransmitSettings(long initialTimeoutMillis, long maxTimeoutMillis, int retries,
                                 long halfOpenTimeoutMillis) {
    public static final RetransmitSettings DEFAULT = new RetransmitSettings(2_000, 32_000, 5, 60_000);

    public long timeout(int attempt) {
        long t = initialTimeoutMillis << Math.min(attempt, 20);
        return Math.min(t, maxTimeoutMillis);
    }
}
