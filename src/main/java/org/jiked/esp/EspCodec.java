package org.jiked.esp;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;

/**
 * ESP packet protection in tunnel mode (RFC 4303 sections 2, 3.3 and 3.4): the inner IP packet
 * becomes the payload, next header 4 (IPv4) or 41 (IPv6).
 *
 * <ul>
 *   <li>AES-GCM-16 (RFC 4106) and ChaCha20-Poly1305 (RFC 7634): nonce = salt | explicit IV, the
 *       IV being the 64-bit sequence number, which never repeats under one key (RFC 4106
 *       section 3.1 allows any unique value); AAD = SPI | sequence number, with the high half of
 *       an extended sequence number between them (RFC 4106 section 5);
 *   <li>AES-CBC (RFC 3602) with a random IV per packet, then HMAC over header, IV and ciphertext
 *       (encrypt-then-MAC, RFC 4303 section 3.3.2), the high half of an extended sequence number
 *       appended to what the MAC covers but not sent (section 2.2.1).
 * </ul>
 *
 * <p>Receiving follows section 3.4: length checks, the replay check, the ICV, then the window is
 * marked, and only then padding (section 2.4) and next header are examined. Each failure is
 * returned as its {@link EspDrop} reason; nothing throws on bad input.
 */
public final class EspCodec {
    /** IP protocol numbers of the tunnelled packet (next header), and the dummy packet's. */
    public static final int NEXT_HEADER_IPV4 = 4;
    public static final int NEXT_HEADER_IPV6 = 41;
    public static final int NEXT_HEADER_NONE = 59;

    private static final int GCM_TAG_BITS = 128;

    private EspCodec() {}

    /**
     * Protects the inner packet {@code inner[position, limit)} and writes the ESP packet to
     * {@code out} from its position. {@code inner} needs {@link EspTransform#trailerLength} octets
     * of room past its limit, where the trailer is built in place.
     *
     * @return null on success (out's position is then after the ICV), else why it was dropped
     */
    public static EspDrop encrypt(EspSa sa, ByteBuffer inner, ByteBuffer out) {
        int length = inner.remaining();
        if (length < 1) {
            return EspDrop.MALFORMED_INNER;
        }
        int version = (inner.get(inner.position()) & 0xff) >>> 4;
        int nextHeader = version == 4 ? NEXT_HEADER_IPV4 : version == 6 ? NEXT_HEADER_IPV6 : -1;
        if (nextHeader < 0) {
            return EspDrop.MALFORMED_INNER;
        }
        EspTransform t = sa.transform();
        int trailer = t.trailerLength(length);
        if (inner.capacity() - inner.limit() < trailer || out.remaining() < t.packetLength(length)) {
            return EspDrop.MALFORMED_INNER;
        }
        long seq = sa.takeSequence();
        if (seq < 0) {
            return EspDrop.SEQUENCE_EXHAUSTED;
        }
        appendTrailer(inner, trailer, nextHeader);
        EspSa.Engines e = sa.engines();
        int start = out.position();
        out.putInt(sa.spi()).putInt((int) seq);
        try {
            if (t.aead()) {
                out.putLong(seq);
                Cipher c = e.cipher;
                c.init(Cipher.ENCRYPT_MODE, sa.cipherKey(), aeadParameters(sa, e, seq, t));
                c.updateAAD(e.aad, 0, aad(sa, e, seq));
                c.doFinal(inner, out);
            } else {
                e.ivSource.nextBytes(e.iv);
                out.put(e.iv, 0, 16);
                e.cipher.init(Cipher.ENCRYPT_MODE, sa.cipherKey(), new IvParameterSpec(e.iv, 0, 16));
                e.cipher.doFinal(inner, out);
                int end = out.position();
                e.mac.update(out.duplicate().position(start).limit(end));
                if (sa.esn()) {
                    e.mac.update(highHalf(e, seq), 0, 4);
                }
                e.mac.finish(e.icv, 0);
                out.put(e.icv, 0, t.icvLength());
            }
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(t + " encryption failed", ex);
        }
        sa.count(length);
        return null;
    }

    /**
     * Verifies and decrypts the ESP packet {@code packet[position, limit)} (SPI already looked up
     * to find {@code sa}). On success {@code out} holds the inner packet from 0 to its limit.
     *
     * @return null on success, else why the packet was dropped
     */
    public static EspDrop decrypt(EspSa sa, ByteBuffer packet, ByteBuffer out) {
        EspTransform t = sa.transform();
        int p = packet.position();
        int length = packet.remaining();
        int iv = t.ivLength();
        int icv = t.icvLength();
        int payload = length - EspTransform.HEADER_LENGTH - iv - icv;
        if (payload < 2 || payload % t.blockSize() != 0) {
            // RFC 4303 section 2.4: the ciphertext ends aligned, so a ragged length was cut short
            return EspDrop.TRUNCATED;
        }
        if (sa.destroyed()) {
            return EspDrop.UNKNOWN_SPI;
        }
        long seq = sa.replayWindow().check(packet.getInt(p + 4));
        if (seq < 0) {
            return EspDrop.REPLAY;
        }
        EspSa.Engines e = sa.engines();
        out.clear();
        if (out.capacity() < payload) {
            return EspDrop.TRUNCATED;
        }
        ByteBuffer ciphertext = packet.duplicate().position(p + EspTransform.HEADER_LENGTH + iv);
        try {
            if (t.aead()) {
                Cipher c = e.cipher;
                System.arraycopy(sa.salt(), 0, e.nonce, 0, EspTransform.SALT_LENGTH);
                packet.get(p + EspTransform.HEADER_LENGTH, e.nonce, EspTransform.SALT_LENGTH, 8);
                c.init(Cipher.DECRYPT_MODE, sa.cipherKey(), t.kind() == EspTransform.Kind.AES_GCM_16
                        ? new GCMParameterSpec(GCM_TAG_BITS, e.nonce) : new IvParameterSpec(e.nonce));
                c.updateAAD(e.aad, 0, aad(sa, e, seq, packet.getInt(p)));
                c.doFinal(ciphertext, out);
            } else {
                int macEnd = packet.limit() - icv;
                e.mac.update(packet.duplicate().limit(macEnd));
                if (sa.esn()) {
                    e.mac.update(highHalf(e, seq), 0, 4);
                }
                packet.get(macEnd, e.icv, 0, icv);
                if (!e.mac.finishAndVerify(e.icv, 0)) {
                    return EspDrop.ICV;
                }
                packet.get(p + EspTransform.HEADER_LENGTH, e.iv, 0, 16);
                e.cipher.init(Cipher.DECRYPT_MODE, sa.cipherKey(), new IvParameterSpec(e.iv, 0, 16));
                e.cipher.doFinal(ciphertext.limit(macEnd), out);
            }
        } catch (AEADBadTagException ex) {
            return EspDrop.ICV;
        } catch (GeneralSecurityException ex) {
            return EspDrop.ICV;
        }
        sa.replayWindow().mark(seq);
        out.flip();
        return checkTrailer(sa, out);
    }

    /** RFC 4303 section 2.4 padding 1, 2, 3, ..., then pad length and next header. */
    private static void appendTrailer(ByteBuffer inner, int trailer, int nextHeader) {
        int at = inner.limit();
        int pad = trailer - 2;
        inner.limit(at + trailer);
        for (int i = 0; i < pad; i++) {
            inner.put(at + i, (byte) (i + 1));
        }
        inner.put(at + pad, (byte) pad);
        inner.put(at + pad + 1, (byte) nextHeader);
    }

    private static EspDrop checkTrailer(EspSa sa, ByteBuffer out) {
        int n = out.limit();
        int pad = out.get(n - 2) & 0xff;
        int nextHeader = out.get(n - 1) & 0xff;
        if (pad + 2 > n) {
            return EspDrop.BAD_PADDING;
        }
        int innerLength = n - 2 - pad;
        for (int i = 0; i < pad; i++) {
            if ((out.get(innerLength + i) & 0xff) != i + 1) {
                return EspDrop.BAD_PADDING;
            }
        }
        if (nextHeader == NEXT_HEADER_NONE) {
            return EspDrop.DUMMY;
        }
        int version = innerLength == 0 ? 0 : (out.get(0) & 0xff) >>> 4;
        if (!(nextHeader == NEXT_HEADER_IPV4 && version == 4) && !(nextHeader == NEXT_HEADER_IPV6 && version == 6)) {
            return EspDrop.BAD_NEXT_HEADER;
        }
        if (innerLength < (version == 4 ? 20 : 40)) {
            return EspDrop.MALFORMED_INNER;
        }
        out.limit(innerLength);
        sa.count(innerLength);
        return null;
    }

    private static java.security.spec.AlgorithmParameterSpec aeadParameters(EspSa sa, EspSa.Engines e, long seq,
                                                                            EspTransform t) {
        System.arraycopy(sa.salt(), 0, e.nonce, 0, EspTransform.SALT_LENGTH);
        for (int i = 0; i < 8; i++) {
            e.nonce[EspTransform.SALT_LENGTH + i] = (byte) (seq >>> (56 - 8 * i));
        }
        return t.kind() == EspTransform.Kind.AES_GCM_16
                ? new GCMParameterSpec(GCM_TAG_BITS, e.nonce) : new IvParameterSpec(e.nonce);
    }

    /** Fills the AAD of RFC 4106 section 5 for sending; returns its length. */
    private static int aad(EspSa sa, EspSa.Engines e, long seq) {
        return aad(sa, e, seq, sa.spi());
    }

    private static int aad(EspSa sa, EspSa.Engines e, long seq, int spi) {
        putInt(e.aad, 0, spi);
        if (sa.esn()) {
            putInt(e.aad, 4, (int) (seq >>> 32));
            putInt(e.aad, 8, (int) seq);
            return 12;
        }
        putInt(e.aad, 4, (int) seq);
        return 8;
    }

    private static byte[] highHalf(EspSa.Engines e, long seq) {
        putInt(e.nonce, 0, (int) (seq >>> 32));
        return e.nonce;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
