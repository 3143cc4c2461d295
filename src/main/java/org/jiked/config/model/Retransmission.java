package org.jiked.config.model;

/**
 * {@code security ike retransmission} and its per-gateway override (jiked's own statement; Junos
 * has no setting for IKEv2 request retransmission). Seconds.
 *
 * @param count retransmissions of a request before the exchange and its IKE SA are given up
 * @param initialInterval the wait before the first retransmission, doubled per retry
 * @param maxInterval the longest wait between two transmissions
 */
public record Retransmission(int count, int initialInterval, int maxInterval) {
    public static final Retransmission DEFAULT = new Retransmission(Defaults.RETRANSMISSION_COUNT,
            Defaults.RETRANSMISSION_INITIAL_INTERVAL, Defaults.RETRANSMISSION_MAX_INTERVAL);
}
