package org.jiked.ike;

/**
 * {@code security ike session}: the responder's defences of RFC 8019 as Junos configures them.
 * They are global, not per gateway.
 *
 * @param halfOpenTimeoutMillis how long a half-open SA (IKE_SA_INIT answered, no IKE_AUTH yet)
 *     is kept
 * @param maxCount the most half-open SAs at once; at the limit new IKE_SA_INIT requests are dropped
 * @param sendCookieThreshold from this many half-open SAs on, a new IKE_SA_INIT must return a
 *     COOKIE (RFC 7296 section 2.6) before it costs us state or a key exchange; 0 means never
 * @param reduceTimeoutThreshold from this many half-open SAs on, new ones get
 *     {@code reducedTimeoutMillis}; 0 means never
 * @param discardDuplicate drop an IKE_SA_INIT from an address that already has a half-open SA
 *     under another initiator SPI, without answering
 * @param initPhaseBackoffMillis after a failed IKE_SA_INIT (refused, or timed out half-open) the
 *     address is ignored this long; 0 means no backoff
 * @param authPhaseBackoffMillis the same after a failed IKE_AUTH (AUTHENTICATION_FAILED)
 * @param incomingRates {@code full-open incoming-exchange-max-rates}
 */
public record SessionSettings(long halfOpenTimeoutMillis, int maxCount, int sendCookieThreshold,
                              int reduceTimeoutThreshold, long reducedTimeoutMillis, boolean discardDuplicate,
                              long initPhaseBackoffMillis, long authPhaseBackoffMillis, ExchangeRates incomingRates) {

    /** Junos: 300 half-open SAs at most. */
    public static final int DEFAULT_MAX_COUNT = 300;
    public static final long DEFAULT_HALF_OPEN_TIMEOUT_MILLIS = 60_000;

    /**
     * Without a {@code session half-open} statement: Junos's max-count of 300, and cookies from
     * half of it on, so a flood of spoofed requests never reaches the limit that would lock
     * legitimate peers out (a spoofed source cannot return a cookie).
     */
    public static final SessionSettings DEFAULT = new SessionSettings(DEFAULT_HALF_OPEN_TIMEOUT_MILLIS,
            DEFAULT_MAX_COUNT, DEFAULT_MAX_COUNT / 2, 0, 0, false, 0, 0, ExchangeRates.UNLIMITED);

    public SessionSettings {
        if (maxCount < 1 || halfOpenTimeoutMillis < 1) {
            throw new IllegalArgumentException("half-open max-count and timeout must be positive");
        }
        incomingRates = incomingRates == null ? ExchangeRates.UNLIMITED : incomingRates;
    }

    /**
     * {@code full-open incoming-exchange-max-rates}: requests per minute a peer may start on an
     * established IKE SA; 0 means no limit.
     *
     * @param ikeRekey IKE SA rekeys per peer
     * @param ipsecRekey CHILD_SA rekeys per tunnel (CHILD_SA)
     * @param keepalive empty INFORMATIONAL requests (liveness checks) per peer
     */
    public record ExchangeRates(int ikeRekey, int ipsecRekey, int keepalive) {
        public static final ExchangeRates UNLIMITED = new ExchangeRates(0, 0, 0);
    }
}
