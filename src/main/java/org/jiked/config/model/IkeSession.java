package org.jiked.config.model;

/**
 * {@code security ike session}: the global IKE defences against denial of service (RFC 8019 as
 * Junos configures it). Times are in seconds; a 0 threshold or backoff means "not set".
 *
 * @param halfOpenTimeout {@code half-open timeout}
 * @param maxCount {@code half-open max-count}
 * @param sendCookie {@code half-open threshold send-cookie}
 * @param reduceTimeout {@code half-open threshold reduce-timeout N}
 * @param reducedTimeout its {@code timeout S}
 * @param discardDuplicate {@code half-open discard-duplicate}
 * @param initPhaseFailureBackoff {@code half-open backoff-timeouts init-phase-failure}
 * @param authPhaseFailureBackoff {@code half-open backoff-timeouts auth-phase-failure}
 * @param ikeRekeyRate {@code full-open incoming-exchange-max-rates ike-rekey}, per peer and minute
 * @param ipsecRekeyRate {@code ... ipsec-rekey}, per tunnel and minute
 * @param keepaliveRate {@code ... keepalive}, per peer and minute
 */
public record IkeSession(int halfOpenTimeout, int maxCount, int sendCookie, int reduceTimeout, int reducedTimeout,
                         boolean discardDuplicate, int initPhaseFailureBackoff, int authPhaseFailureBackoff,
                         int ikeRekeyRate, int ipsecRekeyRate, int keepaliveRate) {
    /**
     * Nothing configured: Junos's max-count of 300; cookies from 150 half-open SAs on (jiked's
     * choice: a spoofed flood then never reaches max-count, which would lock out real peers).
     */
    public static final IkeSession DEFAULT = new IkeSession(Defaults.HALF_OPEN_TIMEOUT, Defaults.HALF_OPEN_MAX_COUNT,
            Defaults.HALF_OPEN_MAX_COUNT / 2, 0, 0, false, 0, 0, 0, 0, 0);
}
