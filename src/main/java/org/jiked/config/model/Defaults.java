package org.jiked.config.model;

/**
 * Values jiked uses for statements a configuration leaves out, and the limits of numeric
 * statements. Where Junos has a default, jiked uses the same one, so a configuration means the
 * same on jiked and on an SRX.
 */
public final class Defaults {
    private Defaults() {}

    /**
     * {@code security ike proposal lifetime-seconds} when not configured. The Junos CLI reference
     * page for {@code [edit security ike proposal]} gives 10,800 seconds; 28,800 is the default of
     * the older {@code [edit services ipsec-vpn ike]} hierarchy and of the predefined proposal sets.
     * IKEv2 does not negotiate lifetimes, so the choice affects only when jiked itself rekeys.
     */
    public static final int IKE_LIFETIME_SECONDS = 10_800;

    /** Lifetime of the IKE proposals that a {@code proposal-set} expands to. */
    public static final int IKE_PROPOSAL_SET_LIFETIME_SECONDS = 28_800;

    /** {@code security ipsec proposal lifetime-seconds} when not configured (Junos: 3600). */
    public static final int IPSEC_LIFETIME_SECONDS = 3_600;

    /** Range of {@code lifetime-seconds}, IKE and IPsec alike. */
    public static final int LIFETIME_SECONDS_MIN = 180;
    public static final int LIFETIME_SECONDS_MAX = 86_400;

    /** Range of {@code security ipsec proposal lifetime-kilobytes}; not configured means no limit. */
    public static final long LIFETIME_KILOBYTES_MIN = 64;
    public static final long LIFETIME_KILOBYTES_MAX = 4_294_967_294L;

    /** Junos accepts at most four proposals in an IPsec policy. */
    public static final int MAX_IPSEC_PROPOSALS = 4;

    /** Highest st0 unit number (Junos: 0 to 16385). */
    public static final int ST0_UNIT_MAX = 16_385;

    /** {@code anti-replay-window-size} when not configured, and its range in jiked (Junos goes to 8192). */
    public static final int REPLAY_WINDOW_SIZE = 64;
    public static final int REPLAY_WINDOW_MIN = 64;
    public static final int REPLAY_WINDOW_MAX = 4096;

    /** {@code df-bit} when not configured (Junos default: clear). */
    /**
     * Bounds of {@code interfaces st0 unit N family inet mtu}: IPv6's minimum link MTU, and room
     * for the ESP and outer headers below the 65,535 octets of an IP packet.
     */
    public static final int ST0_MTU_MIN = 1280;
    public static final int ST0_MTU_MAX = 65_000;
    public static final DfBit DF_BIT = DfBit.CLEAR;

    /** {@code establish-tunnels} when not configured (Junos default). */
    public static final EstablishTunnels ESTABLISH_TUNNELS = EstablishTunnels.ON_TRAFFIC;

    /**
     * The PRF of an IKE proposal with an AEAD cipher and no {@code authentication-algorithm}:
     * SHA-384 for 256-bit AES-GCM, SHA-256 otherwise, the pairing of RFC 6379 / RFC 9206 suites.
     */
    public static IkeAuthenticationAlgorithm prfForAead(EncryptionAlgorithm encryption) {
        return encryption == EncryptionAlgorithm.AES_256_GCM
                ? IkeAuthenticationAlgorithm.SHA_384
                : IkeAuthenticationAlgorithm.SHA_256;
    }

    /** {@code dead-peer-detection interval}: seconds between liveness checks (Junos: 2 to 60, default 10). */
    public static final int DPD_INTERVAL_MIN = 2;
    public static final int DPD_INTERVAL_MAX = 60;
    public static final int DPD_INTERVAL = 10;
    /** {@code dead-peer-detection threshold}: unanswered checks before the peer is dead (Junos: 1 to 5, default 5). */
    public static final int DPD_THRESHOLD_MIN = 1;
    public static final int DPD_THRESHOLD_MAX = 5;
    public static final int DPD_THRESHOLD = 5;

    /** {@code fragmentation size}: the packet size above which IKEv2 messages are fragmented (RFC 7383). */
    public static final int FRAGMENT_SIZE_MIN = 500;
    public static final int FRAGMENT_SIZE_MAX = 1300;

    /** {@code security ike session half-open}: Junos allows 300 half-open SAs unless told otherwise. */
    public static final int HALF_OPEN_MAX_COUNT = 300;
    public static final int HALF_OPEN_MAX_COUNT_MAX = 1_000_000;
    /** Seconds a half-open SA is kept (the initiator's 60 s of the seed, unless {@code timeout} says otherwise). */
    public static final int HALF_OPEN_TIMEOUT = 60;
    public static final int HALF_OPEN_TIMEOUT_MIN = 1;
    public static final int HALF_OPEN_TIMEOUT_MAX = 5_000;
    /** Range of {@code backoff-timeouts init-phase-failure | auth-phase-failure}, seconds. */
    public static final int BACKOFF_MIN = 1;
    public static final int BACKOFF_MAX = 86_400;
    /** Highest {@code incoming-exchange-max-rates} value, requests per minute. */
    public static final int EXCHANGE_RATE_MAX = 100_000;

    /**
     * {@code security ike retransmission} (a jiked statement: Junos has none for IKEv2 requests):
     * retransmissions of a request before the exchange and its IKE SA are given up, and the
     * seconds before the first one, doubled per retry up to the max interval.
     */
    public static final int RETRANSMISSION_COUNT = 5;
    public static final int RETRANSMISSION_COUNT_MAX = 10;
    public static final int RETRANSMISSION_INITIAL_INTERVAL = 2;
    public static final int RETRANSMISSION_INITIAL_INTERVAL_MIN = 1;
    public static final int RETRANSMISSION_INITIAL_INTERVAL_MAX = 30;
    public static final int RETRANSMISSION_MAX_INTERVAL = 32;
    public static final int RETRANSMISSION_MAX_INTERVAL_MAX = 300;
}
