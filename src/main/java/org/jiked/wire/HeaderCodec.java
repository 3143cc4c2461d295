package org.jiked.wire;

/**
 * The fixed IKE header (RFC 7296 section 3.1). The header's length field must equal the datagram
 * length: RFC 7296 2.21 lets a receiver drop anything it cannot parse, and a message whose
 * outer length is wrong cannot even be attributed to an SA safely.
 */
final class HeaderCodec {
    static final int LENGTH_OFFSET = 24;
    static final int SUPPORTED_MAJOR = 2;

    private HeaderCodec() {}

    static IkeHeader decode(byte[] datagram) throws IkeDecodeException {
        if (datagram.length < IkeHeader.LENGTH) {
            throw IkeDecodeException.drop("datagram of " + datagram.length + " octets is shorter than the IKE header");
        }
        BoundedReader r = new BoundedReader(datagram);
        long spiI = r.u64();
        long spiR = r.u64();
        int next = r.u8();
        int version = r.u8();
        int exchange = r.u8();
        int flags = r.u8();
        long messageId = r.u32();
        long length = r.u32();
        int major = version >>> 4;
        // Checked before the length: a future major version may lay out its header differently,
        // and RFC 7296 2.5 asks for INVALID_MAJOR_VERSION rather than silence.
        if (major != SUPPORTED_MAJOR) {
            throw new IkeDecodeException(NotifyType.INVALID_MAJOR_VERSION, "IKE major version " + major);
        }
        if (length != datagram.length) {
            throw IkeDecodeException.drop("header length " + length + " but datagram of " + datagram.length
                    + " octets");
        }
        return new IkeHeader(spiI, spiR, next, major, version & 0x0f, exchange, flags, messageId, length);
    }

    /** Writes the header with a zero length; {@link #patchLength} fills it in once the message is complete. */
    static void encode(IkeHeader h, int nextPayload, ByteWriter w) {
        if (h.majorVersion() < 0 || h.majorVersion() > 15 || h.minorVersion() < 0 || h.minorVersion() > 15) {
            throw new IllegalArgumentException("version " + h.majorVersion() + "." + h.minorVersion());
        }
        if (h.messageId() < 0 || h.messageId() > 0xffffffffL) {
            throw new IllegalArgumentException("message ID " + h.messageId());
        }
        w.u64(h.initiatorSpi()).u64(h.responderSpi())
                .u8(PayloadEncoder.octet(nextPayload, "next payload"))
                .u8((h.majorVersion() << 4) | h.minorVersion())
                .u8(PayloadEncoder.octet(h.exchangeType(), "exchange type"))
                .u8(PayloadEncoder.octet(h.flags(), "flags"))
                .u32(h.messageId())
                .u32(0);
    }

    static void patchLength(ByteWriter w, int messageStart) {
        w.putU32At(messageStart + LENGTH_OFFSET, w.size() - messageStart);
    }
}
