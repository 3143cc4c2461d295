package org.jiked.ike;

/**
 * Dead peer detection (Junos {@code dead-peer-detection}): liveness checks, empty INFORMATIONAL
 * requests (RFC 7296 section 2.4), sent every {@code intervalMillis} as {@code mode} says; after
 * {@code threshold} unanswered checks in a row the peer is dead and its SAs are cleared.
 */
public record DpdSettings(Mode mode, long intervalMillis, int threshold) {
    public static final DpdSettings OFF = new DpdSettings(Mode.OFF, 0, 0);

    /** When a check is sent. */
    public enum Mode {
        OFF,
        /** Traffic went out but nothing came back within the interval. */
        OPTIMIZED,
        /** Nothing in either direction within the interval. */
        PROBE_IDLE_TUNNEL,
        /** Every interval. */
        ALWAYS_SEND
    }

    /** The retransmission of one check: {@code threshold} transmissions, an interval apart. */
    RetransmitSettings retransmit() {
        return new RetransmitSettings(intervalMillis, intervalMillis, Math.max(0, threshold - 1));
    }
}
