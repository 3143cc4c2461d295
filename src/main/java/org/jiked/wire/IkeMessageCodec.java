package org.jiked.wire;

import java.util.List;
import org.jiked.wire.payload.Payload;

/**
 * Encoder and strict decoder of whole IKE messages (RFC 7296 section 3).
 *
 * <p>Every length is checked against the bytes at hand before anything is allocated. Payloads of
 * unknown type are kept as {@link org.jiked.wire.payload.UnknownPayload}; the decoder refuses an
 * unknown payload whose critical bit is set with UNSUPPORTED_CRITICAL_PAYLOAD.
 */
public final class IkeMessageCodec {
    private IkeMessageCodec() {}

    /** Reads only the fixed header, so the SA can be found before the rest is parsed. */
    public static IkeHeader decodeHeader(byte[] datagram) throws IkeDecodeException {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Decodes a whole message. An SK or SKF payload stays sealed and must be the last payload.
     */
    public static IkeMessage decode(byte[] datagram) throws IkeDecodeException {
        throw new UnsupportedOperationException("not yet");
    }

    /** Encodes an unprotected message (IKE_SA_INIT); next payload and length fields are computed. */
    public static byte[] encode(IkeHeader header, List<Payload> payloads) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Encodes a protected message: {@code inner} go encrypted into one SK payload, which is the only
     * payload of the message.
     */
    public static byte[] encodeProtected(IkeHeader header, List<Payload> inner, EncryptedPayloadCipher cipher) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Verifies and decrypts the SK payload of {@code datagram} (already decoded as {@code outer}) and
     * decodes the inner payload chain.
     *
     * @throws EncryptedPayloadCipher.IntegrityException if the ICV fails (the message must be dropped)
     * @throws IkeDecodeException if the decrypted content is malformed
     */
    public static List<Payload> decrypt(byte[] datagram, IkeMessage outer, EncryptedPayloadCipher cipher)
            throws IkeDecodeException, EncryptedPayloadCipher.IntegrityException {
        throw new UnsupportedOperationException("not yet");
    }
}
