package org.jiked.esp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.jiked.wire.TransformType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ESP in tunnel mode: known answers, round trips for every transform, and the packets that must be
 * dropped. The expected packets were computed independently with OpenSSL (through Python's
 * {@code cryptography}) from the same keys, SPI and sequence numbers: AES-GCM with the nonce and AAD
 * of RFC 4106, ChaCha20-Poly1305 with those of RFC 7634, AES-CBC with HMAC-SHA2-256-128 of RFC 4868.
 */
class EspCodecTest {
    static final HexFormat HEX = HexFormat.of();
    /** IPv4 ICMP echo 198.51.100.1 -> 203.0.113.1, 28 octets. */
    static final byte[] INNER = HEX.parseHex("4500001c0000400040010000c6336401cb0071010800f7ff00000000");
    static final int SPI = 0x0a0b0c0d;
    static final byte[] GCM_KEY = HEX.parseHex("101112131415161718191a1b1c1d1e1fcafebabe");
    static final EspTransform GCM128 = new EspTransform(TransformType.ENCR_AES_GCM_16, 128, 0);

    static EspSa in(EspTransform t, byte[] key, byte[] integ, boolean esn) {
        return EspSa.inbound(SPI, t, esn, key, integ, 64, new AtomicLong(), new AtomicLong());
    }

    static EspSa out(EspTransform t, byte[] key, byte[] integ, boolean esn) {
        return EspSa.outbound(SPI, t, esn, key, integ, new AtomicLong(), new AtomicLong());
    }

    static ByteBuffer innerBuffer(byte[] packet) {
        ByteBuffer b = ByteBuffer.allocateDirect(2048);
        b.put(packet).flip();
        return b;
    }

    static byte[] encrypt(EspSa sa, byte[] packet) {
        ByteBuffer o = ByteBuffer.allocateDirect(2048);
        assertNull(EspCodec.encrypt(sa, innerBuffer(packet), o));
        o.flip();
        byte[] r = new byte[o.remaining()];
        o.get(r);
        return r;
    }

    static EspDrop decrypt(EspSa sa, byte[] packet, byte[] expectInner) {
        ByteBuffer p = ByteBuffer.allocateDirect(packet.length);
        p.put(packet).flip();
        ByteBuffer o = ByteBuffer.allocateDirect(2048);
        EspDrop d = EspCodec.decrypt(sa, p, o);
        if (d == null && expectInner != null) {
            byte[] r = new byte[o.remaining()];
            o.get(r);
            assertArrayEquals(expectInner, r);
        }
        return d;
    }

    @Test
    void aesGcmMatchesAnIndependentRfc4106Encoding() {
        String expected = "0a0b0c0d000000070000000000000007b1c3492f8c0ed0ac8de3cd1879d63b24b7b6cb10b84d5843466990a3"
                + "e3bb164513b9088b7196bf633e4e7c92dcddd7ae";
        EspSa sa = out(GCM128, GCM_KEY, null, false);
        sa.sequence(7);
        assertEquals(expected, HEX.formatHex(encrypt(sa, INNER)));
        EspSa rx = in(GCM128, GCM_KEY, null, false);
        assertNull(decrypt(rx, HEX.parseHex(expected), INNER));
        assertEquals(28, rx.bytes());
        assertEquals(1, rx.packets());
    }

    @Test
    void chacha20Poly1305MatchesAnIndependentRfc7634Encoding() {
        EspTransform t = new EspTransform(TransformType.ENCR_CHACHA20_POLY1305, 0, 0);
        byte[] key = HEX.parseHex("404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5fa0a1a2a3");
        String expected = "0a0b0c0d000000070000000000000007064b67122a59f3f127004e78ae351f0996d0111afac27d8d54c438"
                + "64f2fbe79be40abe76f4a62cfc77ea883effb55e1e";
        EspSa sa = out(t, key, null, false);
        sa.sequence(7);
        assertEquals(expected, HEX.formatHex(encrypt(sa, INNER)));
        assertNull(decrypt(in(t, key, null, false), HEX.parseHex(expected), INNER));
    }

    @Test
    void aesCbcWithHmacSha256128DecryptsAnIndependentEncoding() {
        EspTransform t = new EspTransform(TransformType.ENCR_AES_CBC, 128, TransformType.AUTH_HMAC_SHA2_256_128);
        byte[] key = HEX.parseHex("202122232425262728292a2b2c2d2e2f");
        byte[] integ = HEX.parseHex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
        byte[] pkt = HEX.parseHex("0a0b0c0d00000007e0e1e2e3e4e5e6e7e8e9eaebecedeeef5081e84db352382f169936e62350681e8a"
                + "6a7ec4860a7dd1ef78943a77fde45da0c96396546f74079bc0e8d45077fd94");
        assertNull(decrypt(in(t, key, integ, false), pkt, INNER));
        pkt[pkt.length - 1] ^= 1;
        assertEquals(EspDrop.ICV, decrypt(in(t, key, integ, false), pkt, null));
    }

    @Test
    void extendedSequenceNumberHighHalfIsAuthenticatedButNotSent() {
        byte[] pkt = HEX.parseHex("0a0b0c0d0000000300000001000000034cb060ada352892ec0acdee9458e3a70c0baa0b318ad12e1b823"
                + "5fcefee9d3c911febbbd8cf066f9b759c44a8cdb408e");
        EspSa sa = out(GCM128, GCM_KEY, null, true);
        sa.sequence((1L << 32) + 3);
        assertArrayEquals(pkt, encrypt(sa, INNER));
        // a receiver whose window is still at the start places low half 3 in the first 2^32
        assertEquals(EspDrop.ICV, decrypt(in(GCM128, GCM_KEY, null, true), pkt, null));
    }

    @ParameterizedTest(name = "{0}/{1}/{2} esn={3}")
    @CsvSource({
        "20,128,0,false", "20,256,0,false", "20,256,0,true", "28,0,0,false", "28,0,0,true",
        "12,128,2,false", "12,256,12,false", "12,256,12,true", "12,192,13,false", "12,256,14,false"})
    void roundTripsAcrossTheSequenceNumberBoundary(int encr, int bits, int integ, boolean esn) {
        EspTransform t = new EspTransform(encr, bits, integ);
        byte[] key = new byte[t.encryptionKeyLength()];
        byte[] ikey = new byte[t.integrityKeyLength()];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 7 + 1);
        }
        for (int i = 0; i < ikey.length; i++) {
            ikey[i] = (byte) (i * 3 + 5);
        }
        EspSa tx = out(t, key, ikey, esn);
        EspSa rx = in(t, key, ikey, esn);
        tx.sequence(esn ? 0xffff_fffeL : 1);
        for (int len : new int[] {20, 21, 22, 23, 100, 1400}) {
            byte[] inner = new byte[len];
            inner[0] = 0x45;
            for (int i = 1; i < len; i++) {
                inner[i] = (byte) i;
            }
            byte[] pkt = encrypt(tx, inner);
            assertEquals(t.packetLength(len), pkt.length);
            assertNull(decrypt(rx, pkt, inner), t + " len " + len);
        }
        assertEquals(6, rx.packets());
        assertEquals(tx.bytes(), rx.bytes());
        if (esn) {
            assertEquals(0x1_0000_0003L, rx.replayWindow().highest());
        }
    }

    @Test
    void replayedPacketIsDropped() {
        EspSa tx = out(GCM128, GCM_KEY, null, false);
        EspSa rx = in(GCM128, GCM_KEY, null, false);
        byte[] first = encrypt(tx, INNER);
        assertNull(decrypt(rx, first, INNER));
        assertEquals(EspDrop.REPLAY, decrypt(rx, first, null));
        assertEquals(1, rx.packets());
    }

    @Test
    void tamperedPacketsFailTheIcvAndDoNotMoveTheWindow() {
        EspSa tx = out(GCM128, GCM_KEY, null, false);
        EspSa rx = in(GCM128, GCM_KEY, null, false);
        byte[] pkt = encrypt(tx, INNER);
        for (int at : new int[] {0, 4, 8, 20, pkt.length - 1}) {
            byte[] bad = pkt.clone();
            bad[at] ^= 0x40;
            assertEquals(EspDrop.ICV, decrypt(rx, bad, null), "flipped octet " + at);
        }
        assertEquals(0, rx.replayWindow().highest());
        assertNull(decrypt(rx, pkt, INNER));
    }

    @Test
    void truncatedPacketsAreDroppedBeforeAnyCryptography() {
        EspSa tx = out(GCM128, GCM_KEY, null, false);
        byte[] pkt = encrypt(tx, INNER);
        for (int len : new int[] {0, 3, 8, 16, 33, 36, pkt.length - 1, pkt.length - 4}) {
            byte[] cut = java.util.Arrays.copyOf(pkt, len);
            EspDrop d = decrypt(in(GCM128, GCM_KEY, null, false), cut, null);
            assertEquals(len == pkt.length - 4 || len == 36 ? EspDrop.ICV : EspDrop.TRUNCATED, d, "length " + len);
        }
        EspTransform cbc = new EspTransform(TransformType.ENCR_AES_CBC, 128, TransformType.AUTH_HMAC_SHA1_96);
        EspSa cbcTx = out(cbc, new byte[16], new byte[20], false);
        byte[] c = encrypt(cbcTx, INNER);
        assertEquals(EspDrop.TRUNCATED, decrypt(in(cbc, new byte[16], new byte[20], false),
                java.util.Arrays.copyOf(c, c.length - 4), null));
    }

    @Test
    void badPaddingNextHeaderAndDummyPacketsAreDroppedAndTheirReasonsTold() {
        assertEquals(EspDrop.BAD_PADDING, decrypt(in(GCM128, GCM_KEY, null, false), HEX.parseHex(
                "0a0b0c0d000000090000000000000009c2316d97fdff0548637996b23036ca6e5831265ec1ccb047ce3fd00b8242d444f94e07"
                        + "02e28dabea72ce2098d6fd406b"), null));
        assertEquals(EspDrop.BAD_PADDING, decrypt(in(GCM128, GCM_KEY, null, false), HEX.parseHex(
                "0a0b0c0d0000000900000000000000098633458f345307820ca089fdf9ef08eca1a4c847"), null));
        assertEquals(EspDrop.BAD_NEXT_HEADER, decrypt(in(GCM128, GCM_KEY, null, false), HEX.parseHex(
                "0a0b0c0d000000090000000000000009c2316d97fdff0548637996b23036ca6e5831265ec1ccb047ce3fd00b8340d451fba57a"
                        + "a56d6085f87caaa181709d6ade"), null));
        assertEquals(EspDrop.DUMMY, decrypt(in(GCM128, GCM_KEY, null, false), HEX.parseHex(
                "0a0b0c0d00000009000000000000000986336fb0079843d483b1f832afdb9f300980b7bf"), null));
    }

    @Test
    void sequenceNumberExhaustionStopsSendingWithoutEsn() {
        EspSa tx = out(GCM128, GCM_KEY, null, false);
        tx.sequence(0xffff_ffffL);
        encrypt(tx, INNER);
        ByteBuffer o = ByteBuffer.allocateDirect(2048);
        assertEquals(EspDrop.SEQUENCE_EXHAUSTED, EspCodec.encrypt(tx, innerBuffer(INNER), o));
        assertEquals(EspDrop.SEQUENCE_EXHAUSTED, EspCodec.encrypt(tx, innerBuffer(INNER), o));
        assertEquals(true, tx.nearlyExhausted());
    }

    @Test
    void innerMtuLeavesRoomForTheWholeOverhead() {
        for (EspTransform t : new EspTransform[] {GCM128,
                new EspTransform(TransformType.ENCR_AES_CBC, 256, TransformType.AUTH_HMAC_SHA2_512_256)}) {
            int mtu = t.innerMtu(1500, false, true);
            assertEquals(true, t.packetLength(mtu) + 28 <= 1500, t.toString());
            assertEquals(true, t.packetLength(mtu + t.blockSize()) + 28 > 1500, t.toString());
        }
        assertEquals(1438, GCM128.innerMtu(1500, false, true));
    }
}
