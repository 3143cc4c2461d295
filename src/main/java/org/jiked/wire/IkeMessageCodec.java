package org.jiked.wire;

import java.util.List;
import java.util.Objects;
import org.jiked.wire.payload.EncryptedFragmentPayload;
import org.jiked.wire.payload.EncryptedPayload;
import org.jiked.wire.payload.Payload;

/**
 * Encoder and strict decoder of whole IKE messages (RFC 7296 section 3; RFC 7383 section 2.5 for
 * fragments; RFC 5282 for AEAD in SK).
 *
 * <p>Every length is checked against the bytes at hand before anything is allocated. Payloads of
 * unknown type are kept as {@link org.jiked.wire.payload.UnknownPayload}; the decoder refuses an
 * unknown payload whose critical bit is set with UNSUPPORTED_CRITICAL_PAYLOAD.
 *
 * <p>The decoding entry points never throw an unchecked exception for any input octets: should a
 * decoder bug slip one through, it is turned into INVALID_SYNTAX here, with the original as the
 * cause, so that a hostile datagram can never unwind the engine.
 */
public final class IkeMessageCodec {
    private IkeMessageCodec() {}

    /** Reads only the fixed header, so the SA can be found before the rest is parsed. */
    public static IkeHeader decodeHeader(byte[] datagram) throws IkeDecodeException {
        Objects.requireNonNull(datagram, "datagram");
        try {
            return HeaderCodec.decode(datagram);
        } catch (RuntimeException e) {
            throw internal(e);
        }
    }

    /**
     * Decodes a whole message. An SK or SKF payload stays sealed and must be the last payload.
     */
    public static IkeMessage decode(byte[] datagram) throws IkeDecodeException {
        Objects.requireNonNull(datagram, "datagram");
        try {
            IkeHeader header = HeaderCodec.decode(datagram);
            BoundedReader r = new BoundedReader(datagram, IkeHeader.LENGTH, datagram.length - IkeHeader.LENGTH);
            return new IkeMessage(header, PayloadDecoder.decodeChain(header.nextPayload(), r, true));
        } catch (RuntimeException e) {
            throw internal(e);
        }
    }

    /** Encodes an unprotected message (IKE_SA_INIT); next payload and length fields are computed. */
    public static byte[] encode(IkeHeader header, List<Payload> payloads) {
        ByteWriter body = new ByteWriter();
        int firstType = PayloadEncoder.encodeChain(payloads, body, true);
        ByteWriter w = new ByteWriter(IkeHeader.LENGTH + body.size());
        HeaderCodec.encode(header, firstType, w);
        w.bytes(body.toByteArray());
        HeaderCodec.patchLength(w, 0);
        return w.toByteArray();
    }

    /**
     * Encodes a protected message: {@code inner} go encrypted into one SK payload, which is the only
     * payload of the message.
     */
    public static byte[] encodeProtected(IkeHeader header, List<Payload> inner, EncryptedPayloadCipher cipher) {
        return EncryptedCodec.encodeProtected(header, inner, cipher);
    }

    /**
     * Verifies and decrypts the SK payload of {@code datagram} (already decoded as {@code outer}) and
     * decodes the inner payload chain.
     *
     * @throws EncryptedPayloadCipher.IntegrityException if the ICV fails (the message must be dropped)
     * @throws IkeDecodeException if the decrypted content is malformed (INVALID_SYNTAX), or the
     *     message has no SK payload or a ciphertext no cipher could have produced (drop, 0)
     * @throws IllegalArgumentException if {@code outer} was not decoded from {@code datagram}
     */
    public static List<Payload> decrypt(byte[] datagram, IkeMessage outer, EncryptedPayloadCipher cipher)
            throws IkeDecodeException, EncryptedPayloadCipher.IntegrityException {
        Objects.requireNonNull(datagram, "datagram");
        Objects.requireNonNull(outer, "outer");
        Objects.requireNonNull(cipher, "cipher");
        EncryptedPayload sk = EncryptedCodec.lastSealed(outer, EncryptedPayload.class);
        EncryptedCodec.requireTail(datagram, sk.body());
        try {
            return EncryptedCodec.decrypt(datagram, sk, cipher);
        } catch (RuntimeException e) {
            throw internal(e);
        }
    }

    /**
     * Encodes a protected message as SKF fragments (RFC 7383 section 2.5): the encoded inner chain
     * is cut into chunks, each padded and sealed on its own in one message. Fragment 1 carries the
     * first inner payload type, the others 0; the associated data of each includes its fragment
     * number and total.
     *
     * @param maxFragmentSize the largest IKE message to produce, header included (the caller
     *     subtracts IP and UDP headers and any non-ESP marker from the path MTU)
     * @throws IllegalArgumentException if the size leaves no room for content or more than 32
     *     fragments would be needed
     */
    public static List<byte[]> encodeProtectedFragments(IkeHeader header, List<Payload> inner,
                                                        EncryptedPayloadCipher cipher, int maxFragmentSize) {
        return EncryptedCodec.encodeFragments(header, inner, cipher, maxFragmentSize);
    }

    /**
     * Verifies and decrypts the SKF payload of {@code datagram} (already decoded as {@code outer}).
     * The caller collects the fragments of one message ID and hands the concatenated contents to
     * {@link #decodeChain} with fragment 1's first inner type.
     *
     * @throws EncryptedPayloadCipher.IntegrityException if the ICV fails (the fragment must be dropped)
     * @throws IkeDecodeException if the padding is malformed (INVALID_SYNTAX), or the message has no
     *     SKF payload or a ciphertext no cipher could have produced (drop, 0)
     * @throws IllegalArgumentException if {@code outer} was not decoded from {@code datagram}
     */
    public static DecryptedFragment decryptFragment(byte[] datagram, IkeMessage outer, EncryptedPayloadCipher cipher)
            throws IkeDecodeException, EncryptedPayloadCipher.IntegrityException {
        Objects.requireNonNull(datagram, "datagram");
        Objects.requireNonNull(outer, "outer");
        Objects.requireNonNull(cipher, "cipher");
        EncryptedFragmentPayload skf = EncryptedCodec.lastSealed(outer, EncryptedFragmentPayload.class);
        EncryptedCodec.requireTail(datagram, skf.body());
        try {
            return EncryptedCodec.decryptFragment(datagram, skf, cipher);
        } catch (RuntimeException e) {
            throw internal(e);
        }
    }

    /**
     * Decodes a decrypted inner payload chain, such as the reassembled content of SKF fragments.
     * SK and SKF may not appear inside it.
     */
    public static List<Payload> decodeChain(int firstType, byte[] plaintext) throws IkeDecodeException {
        Objects.requireNonNull(plaintext, "plaintext");
        try {
            return EncryptedCodec.decodeInner(firstType, plaintext);
        } catch (RuntimeException e) {
            throw internal(e);
        }
    }

    /**
     * Encodes a payload chain with computed next-payload and length fields, for callers that
     * need the octets of payloads outside a message. A sealed SK or SKF payload is allowed only
     * as the last one.
     */
    public static PayloadChain encodePayloadChain(List<Payload> payloads) {
        ByteWriter w = new ByteWriter();
        int firstType = PayloadEncoder.encodeChain(payloads, w, true);
        return new PayloadChain(firstType, w.toByteArray());
    }

    private static IkeDecodeException internal(RuntimeException e) {
        IkeDecodeException wrapped = new IkeDecodeException(NotifyType.INVALID_SYNTAX, "decoder failure: " + e);
        wrapped.initCause(e);
        return wrapped;
    }
}
