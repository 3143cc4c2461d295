package org.jiked.esp;

/**
 * Why the data plane dropped a packet. Every drop is counted under one of these, so that
 * {@code show security ipsec statistics} can tell an attack from a misconfiguration.
 */
public enum EspDrop {
    /** Shorter than the ESP header, IV, one block and ICV need (RFC 4303 section 2). */
    TRUNCATED("truncated"),
    /** No inbound SA has this SPI (RFC 4303 section 3.4.2). */
    UNKNOWN_SPI("unknown-spi"),
    /** Sequence number already seen or left of the window (RFC 4303 section 3.4.3). */
    REPLAY("replay"),
    /** The ICV did not verify (RFC 4303 section 3.4.4). */
    ICV("icv-failure"),
    /** Pad length beyond the payload, or padding octets not 1, 2, 3, ... (RFC 4303 section 2.4). */
    BAD_PADDING("bad-padding"),
    /** Next header neither IPv4 (4) nor IPv6 (41), or not matching the inner packet (tunnel mode). */
    BAD_NEXT_HEADER("bad-next-header"),
    /** A dummy packet, next header 59 (RFC 4303 section 2.6): valid, but nothing to deliver. */
    DUMMY("dummy-packets"),
    /** The outbound sequence number would cycle (RFC 4303 section 3.3.3): the SA must be rekeyed. */
    SEQUENCE_EXHAUSTED("sequence-exhausted"),
    /** An outbound packet that matches no SA and no on-traffic VPN. */
    NO_SA("no-sa"),
    /** An outbound packet for a VPN whose CHILD_SA is still being negotiated (on-traffic). */
    AWAITING_SA("awaiting-sa"),
    /** The decrypted packet lies outside the SA's traffic selectors (RFC 4301 section 5.2, step 4). */
    SELECTOR_MISMATCH("selector-mismatch"),
    /** The SA is bound to no st0 unit (a policy-based VPN), so there is nowhere to deliver. */
    NO_INTERFACE("no-interface"),
    /** The peer does not UDP-encapsulate and raw ESP (IP protocol 50) is not implemented. */
    RAW_ESP_UNSUPPORTED("raw-esp-unsupported"),
    /** Not an IPv4 or IPv6 packet, or a header that does not fit. */
    MALFORMED_INNER("malformed-inner-packet"),
    /** The send or the TUN write failed. */
    IO_ERROR("io-errors");

    private final String label;

    EspDrop(String label) {
        this.label = label;
    }

    /** The name shown by {@code show security ipsec statistics}. */
    public String label() {
        return label;
    }
}
