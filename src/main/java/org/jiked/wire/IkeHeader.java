package org.jiked.wire;

/**
 * The fixed 28-octet IKE header (RFC 7296 section 3.1). {@code nextPayload} and {@code length}
 * are filled in by the encoder; a decoded header carries the values read from the wire.
 */
public record IkeHeader(long initiatorSpi, long responderSpi, int nextPayload, int majorVersion,
                        int minorVersion, int exchangeType, int flags, long messageId, long length) {
    public static final int LENGTH = 28;
    public static final int FLAG_INITIATOR = 0x08;
    public static final int FLAG_VERSION = 0x10;
    public static final int FLAG_RESPONSE = 0x20;

    /** A header for an outgoing IKEv2 message; next payload and length are set at encoding. */
    public static IkeHeader of(long initiatorSpi, long responderSpi, int exchangeType,
                               boolean fromInitiator, boolean response, long messageId) {
        int flags = (fromInitiator ? FLAG_INITIATOR : 0) | (response ? FLAG_RESPONSE : 0);
        return new IkeHeader(initiatorSpi, responderSpi, 0, 2, 0, exchangeType, flags, messageId, 0);
    }

    public boolean isResponse() {
        return (flags & FLAG_RESPONSE) != 0;
    }

    public boolean isFromInitiator() {
        return (flags & FLAG_INITIATOR) != 0;
    }
}
