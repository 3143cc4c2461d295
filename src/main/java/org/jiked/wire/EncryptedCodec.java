package org.jiked.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jiked.wire.payload.EncryptedFragmentPayload;
import org.jiked.wire.payload.EncryptedPayload;
import org.jiked.wire.payload.Payload;

/**
 * Sealing and opening of the Encrypted payload (RFC 7296 section 3.14, RFC 5282 for AEAD) and of
 * the Encrypted Fragment payload (RFC 7383 section 2.5). The cryptography is the
 * {@link EncryptedPayloadCipher}'s; this class owns the layout around it: padding, the
 * associated data and the lengths that must be final before anything is sealed.
 */
final class EncryptedCodec {
    static final int SK_HEADER = 4;
    static final int SKF_HEADER = 8;

    private EncryptedCodec() {}

    static byte[] encodeProtected(IkeHeader header, List<Payload> inner, EncryptedPayloadCipher cipher) {
        ByteWriter chain = new ByteWriter();
        int firstType = PayloadEncoder.encodeChain(inner, chain, false);
        byte[] padded = pad(chain.toByteArray(), 0, chain.size(), checkedBlockSize(cipher));
        int bodyLength = cipher.ivLength() + padded.length + cipher.icvLength();
        ByteWriter w = new ByteWriter(IkeHeader.LENGTH + SK_HEADER + bodyLength);
        HeaderCodec.encode(header, PayloadType.SK, w);
        w.u8(firstType).u8(0).u16(PayloadEncoder.u16(SK_HEADER + bodyLength, "SK payload length"));
        return seal(w, bodyLength, padded, cipher);
    }

    /**
     * RFC 7383 2.5: the inner chain is cut into chunks, and each chunk is padded and sealed on its
     * own as the content of one SKF payload. {@code maxFragmentSize} bounds each whole IKE message
     * (header included, IP and UDP headers and any non-ESP marker excluded).
     */
    static List<byte[]> encodeFragments(IkeHeader header, List<Payload> inner, EncryptedPayloadCipher cipher,
                                        int maxFragmentSize) {
        ByteWriter chain = new ByteWriter();
        int firstType = PayloadEncoder.encodeChain(inner, chain, false);
        byte[] plain = chain.toByteArray();
        int blockSize = checkedBlockSize(cipher);
        int room = maxFragmentSize - IkeHeader.LENGTH - SKF_HEADER - cipher.ivLength() - cipher.icvLength();
        int maxChunk = room / blockSize * blockSize - 1; // one octet of every padded chunk is the pad length
        if (room < 1 || maxChunk < 1) {
            throw new IllegalArgumentException("fragment size " + maxFragmentSize + " leaves no room for content");
        }
        int total = Math.max(1, (plain.length + maxChunk - 1) / maxChunk);
        if (total > PayloadDecoder.MAX_FRAGMENTS) {
            throw new IllegalArgumentException(total + " fragments needed, at most " + PayloadDecoder.MAX_FRAGMENTS);
        }
        List<byte[]> out = new ArrayList<>(total);
        for (int number = 1; number <= total; number++) {
            int from = (number - 1) * maxChunk;
            int to = Math.min(plain.length, from + maxChunk);
            byte[] padded = pad(plain, from, to - from, blockSize);
            int bodyLength = cipher.ivLength() + padded.length + cipher.icvLength();
            ByteWriter w = new ByteWriter(IkeHeader.LENGTH + SKF_HEADER + bodyLength);
            HeaderCodec.encode(header, PayloadType.SKF, w);
            // RFC 7383 2.5: only fragment 1 names the first inner payload; the others carry 0
            w.u8(number == 1 ? firstType : PayloadType.NONE).u8(0).u16(SKF_HEADER + bodyLength)
                    .u16(number).u16(total);
            out.add(seal(w, bodyLength, padded, cipher));
        }
        return out;
    }

    /** {@code w} holds the IKE header and the SK/SKF header, the associated data once the length is in. */
    private static byte[] seal(ByteWriter w, int bodyLength, byte[] padded, EncryptedPayloadCipher cipher) {
        long total = (long) w.size() + bodyLength;
        w.putU32At(HeaderCodec.LENGTH_OFFSET, total);
        byte[] aad = w.toByteArray();
        byte[] body = cipher.encrypt(aad, padded);
        if (body.length != bodyLength) {
            throw new IllegalStateException("cipher returned " + body.length + " octets, the lengths announced "
                    + bodyLength);
        }
        return w.bytes(body).toByteArray();
    }

    /** RFC 7296 3.14: padding plus the pad length octet brings the plaintext to a multiple of the block size. */
    static byte[] pad(byte[] src, int from, int length, int blockSize) {
        int padLength = (blockSize - (length + 1) % blockSize) % blockSize;
        byte[] out = new byte[length + padLength + 1];
        System.arraycopy(src, from, out, 0, length);
        out[out.length - 1] = (byte) padLength;
        return out;
    }

    /**
     * The sealed payload that ends {@code outer}. Without one nothing in the message can be
     * authenticated, so no error may be answered (RFC 7296 2.21.2): drop.
     */
    static <T extends Payload> T lastSealed(IkeMessage outer, Class<T> kind) throws IkeDecodeException {
        List<Payload> payloads = outer.payloads();
        if (payloads.isEmpty() || !kind.isInstance(payloads.getLast())) {
            throw IkeDecodeException.drop("message does not end with an " + kind.getSimpleName());
        }
        return kind.cast(payloads.getLast());
    }

    /** A caller that pairs a datagram with another datagram's decoded message has a bug, not bad input. */
    static void requireTail(byte[] datagram, byte[] body) {
        int aadLength = datagram.length - body.length;
        if (aadLength < IkeHeader.LENGTH + SK_HEADER
                || !Arrays.equals(datagram, aadLength, datagram.length, body, 0, body.length)) {
            throw new IllegalArgumentException("the decoded message does not belong to this datagram");
        }
    }

    static List<Payload> decrypt(byte[] datagram, EncryptedPayload sk, EncryptedPayloadCipher cipher)
            throws IkeDecodeException, EncryptedPayloadCipher.IntegrityException {
        return decodeInner(sk.firstInnerType(), open(datagram, sk.body(), cipher));
    }

    static DecryptedFragment decryptFragment(byte[] datagram, EncryptedFragmentPayload skf,
                                             EncryptedPayloadCipher cipher)
            throws IkeDecodeException, EncryptedPayloadCipher.IntegrityException {
        byte[] content = open(datagram, skf.body(), cipher);
        return new DecryptedFragment(skf.fragmentNumber(), skf.totalFragments(), skf.firstInnerType(), content);
    }

    static List<Payload> decodeInner(int firstType, byte[] content) throws IkeDecodeException {
        BoundedReader r = new BoundedReader(content);
        return PayloadDecoder.decodeChain(firstType, r, false);
    }

    /**
     * Verifies and decrypts {@code body}, the tail of {@code datagram} (see {@link #requireTail}),
     * and strips the padding.
     * Before the ICV is verified nothing is known to come from the peer, so every failure up to
     * there drops; after it a malformed plaintext is the peer's error and INVALID_SYNTAX.
     */
    private static byte[] open(byte[] datagram, byte[] body, EncryptedPayloadCipher cipher)
            throws IkeDecodeException, EncryptedPayloadCipher.IntegrityException {
        int aadLength = datagram.length - body.length;
        int blockSize = checkedBlockSize(cipher);
        int ciphertextLength = body.length - cipher.ivLength() - cipher.icvLength();
        if (ciphertextLength < 1 || ciphertextLength % blockSize != 0) {
            throw IkeDecodeException.drop("encrypted payload with " + ciphertextLength
                    + " octets of ciphertext for block size " + blockSize);
        }
        byte[] padded;
        try {
            padded = cipher.decrypt(Arrays.copyOf(datagram, aadLength), body);
        } catch (RuntimeException e) {
            IkeDecodeException drop = IkeDecodeException.drop("cipher failed: " + e);
            drop.initCause(e);
            throw drop;
        }
        if (padded.length == 0) {
            throw PayloadDecoder.syntax("empty plaintext");
        }
        int padLength = padded[padded.length - 1] & 0xff;
        if (padLength >= padded.length) {
            throw PayloadDecoder.syntax("pad length " + padLength + " in a plaintext of " + padded.length + " octets");
        }
        return Arrays.copyOf(padded, padded.length - 1 - padLength);
    }

    private static int checkedBlockSize(EncryptedPayloadCipher cipher) {
        int blockSize = cipher.blockSize();
        if (blockSize < 1 || blockSize > 256) {
            throw new IllegalStateException("block size " + blockSize + " cannot be expressed by a pad length octet");
        }
        return blockSize;
    }
}
