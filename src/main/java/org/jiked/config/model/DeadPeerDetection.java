package org.jiked.config.model;

/**
 * {@code security ike gateway NAME dead-peer-detection}: when to check that the peer is alive
 * (RFC 7296 section 2.4 liveness checks), how often, and after how many unanswered checks the
 * peer is declared dead.
 */
public record DeadPeerDetection(Mode mode, int intervalSeconds, int threshold) {
    /** The Junos modes; {@link #OPTIMIZED} is the default. */
    public enum Mode implements Keyword {
        /** Check only when traffic was sent but none came back within the interval. */
        OPTIMIZED("optimized"),
        /** Check when the tunnel was idle in both directions for the interval. */
        PROBE_IDLE_TUNNEL("probe-idle-tunnel"),
        /** Check every interval, whatever the traffic. */
        ALWAYS_SEND("always-send");

        private final String keyword;

        Mode(String keyword) {
            this.keyword = keyword;
        }

        @Override
        public String keyword() {
            return keyword;
        }
    }
}
