package org.jiked.wire;

import static org.jiked.wire.Fixtures.assertSamePayloads;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.jiked.wire.payload.EncryptedFragmentPayload;
import org.jiked.wire.payload.EncryptedPayload;
import org.jiked.wire.payload.NoncePayload;
import org.jiked.wire.payload.NotifyPayload;
import org.jiked.wire.payload.Payload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SK (RFC 7296 3.14, RFC 5282) and SKF (RFC 7383 2.5) layout, padding and associated data. */
class ProtectedMessageTest {

    static Stream<XorTestCipher> ciphers() {
        return Stream.of(XorTestCipher.cbcLike(), XorTestCipher.aeadLike(), new XorTestCipher(16, 12, 8));
    }

    @ParameterizedTest
    @MethodSource("ciphers")
    void innerChainRoundTrips(XorTestCipher cipher) throws Exception {
        List<Payload> inner = Fixtures.everyInnerPayload();
        byte[] wire = IkeMessageCodec.encodeProtected(Fixtures.authHeader(), inner, cipher);

        IkeMessage outer = IkeMessageCodec.decode(wire);
        assertEquals(PayloadType.SK, outer.header().nextPayload());
        assertEquals(wire.length, outer.header().length());
        EncryptedPayload sk = assertInstanceOf(EncryptedPayload.class, outer.payloads().getFirst());
        assertEquals(1, outer.payloads().size());
        assertEquals(PayloadType.IDI, sk.firstInnerType());

        assertSamePayloads(inner, IkeMessageCodec.decrypt(wire, outer, cipher));
    }

    @ParameterizedTest
    @MethodSource("ciphers")
    void layoutPaddingAndAssociatedData(XorTestCipher cipher) throws Exception {
        List<Payload> inner = List.of(new NoncePayload(new byte[21])); // 25-octet inner chain
        byte[] wire = IkeMessageCodec.encodeProtected(Fixtures.authHeader(), inner, cipher);

        byte[] padded = cipher.lastPadded;
        assertEquals(0, padded.length % cipher.blockSize());
        int padLength = padded[padded.length - 1] & 0xff;
        assertEquals(25, padded.length - 1 - padLength);
        assertTrue(padLength < cipher.blockSize());

        int body = cipher.ivLength() + padded.length + cipher.icvLength();
        assertEquals(28 + 4 + body, wire.length);
        // aad: the header and the SK header with every length final (EncryptedPayloadCipher Javadoc)
        assertArrayEquals(Arrays.copyOf(wire, 32), cipher.lastEncryptAad);
        assertEquals(wire.length, readU32(wire, 24));
        assertEquals(PayloadType.NONCE, wire[28]);
        assertEquals(4 + body, ((wire[30] & 0xff) << 8) | (wire[31] & 0xff));

        IkeMessageCodec.decrypt(wire, IkeMessageCodec.decode(wire), cipher);
        assertArrayEquals(cipher.lastEncryptAad, cipher.lastDecryptAad);
    }

    @Test
    void emptyInformationalIsOneSkPayloadWithNoInnerType() throws Exception {
        XorTestCipher cipher = XorTestCipher.cbcLike();
        IkeHeader h = IkeHeader.of(1, 2, ExchangeType.INFORMATIONAL, true, false, 7);
        byte[] wire = IkeMessageCodec.encodeProtected(h, List.of(), cipher);
        IkeMessage outer = IkeMessageCodec.decode(wire);
        assertEquals(PayloadType.NONE, assertInstanceOf(EncryptedPayload.class, outer.payloads().getFirst())
                .firstInnerType());
        assertEquals(List.of(), IkeMessageCodec.decrypt(wire, outer, cipher));
    }

    @Test
    void decodedSealedMessageReencodesExactly() throws Exception {
        XorTestCipher cipher = XorTestCipher.aeadLike();
        byte[] sealed = IkeMessageCodec.encodeProtected(Fixtures.authHeader(),
                List.of(NotifyPayload.of(NotifyType.INITIAL_CONTACT)), cipher);
        EncryptedPayload sk = (EncryptedPayload) IkeMessageCodec.decode(sealed).payloads().getFirst();
        // re-encoding the decoded outer message reproduces the datagram exactly
        assertArrayEquals(sealed, IkeMessageCodec.encode(Fixtures.authHeader(), List.of(sk)));
    }

    @Test
    void flippedCiphertextOrHeaderFailsTheIcv() throws Exception {
        XorTestCipher cipher = XorTestCipher.cbcLike();
        byte[] wire = IkeMessageCodec.encodeProtected(Fixtures.authHeader(), Fixtures.everyInnerPayload(), cipher);
        for (int at : new int[] {wire.length - 1, wire.length - 40, 40, 20, 3}) {
            byte[] bad = wire.clone();
            bad[at] ^= 0x01;
            IkeMessage outer = IkeMessageCodec.decode(bad);
            assertThrows(EncryptedPayloadCipher.IntegrityException.class,
                    () -> IkeMessageCodec.decrypt(bad, outer, cipher), "flip at " + at);
        }
    }

    @Test
    void padLengthNotBelowThePlaintextLengthIsInvalidSyntax() throws Exception {
        XorTestCipher cipher = XorTestCipher.aeadLike();
        byte[] wire = sealRaw(cipher, PayloadType.NONE, new byte[] {0, 0, 3}); // pad length 3 of 3 octets
        IkeDecodeException e = assertThrows(IkeDecodeException.class,
                () -> IkeMessageCodec.decrypt(wire, IkeMessageCodec.decode(wire), cipher));
        assertEquals(NotifyType.INVALID_SYNTAX, e.notifyType());
        assertTrue(e.getMessage().contains("pad length 3"), e.getMessage());

        byte[] ok = sealRaw(cipher, PayloadType.NONE, new byte[] {9, 9, 2}); // all padding
        assertEquals(List.of(), IkeMessageCodec.decrypt(ok, IkeMessageCodec.decode(ok), cipher));
    }

    @Test
    void malformedInnerChainIsInvalidSyntaxAfterAuthentication() throws Exception {
        XorTestCipher cipher = XorTestCipher.aeadLike();
        byte[] nested = sealRaw(cipher, PayloadType.SK, Hex.decode("00 00 0008 01020304 00"));
        assertEquals(NotifyType.INVALID_SYNTAX, assertThrows(IkeDecodeException.class,
                () -> IkeMessageCodec.decrypt(nested, IkeMessageCodec.decode(nested), cipher)).notifyType());
        byte[] shortNonce = sealRaw(cipher, PayloadType.NONCE, Hex.decode("00 00 0008 01020304 00"));
        assertEquals(NotifyType.INVALID_SYNTAX, assertThrows(IkeDecodeException.class,
                () -> IkeMessageCodec.decrypt(shortNonce, IkeMessageCodec.decode(shortNonce), cipher)).notifyType());
        byte[] critical = sealRaw(cipher, 0xf0, Hex.decode("00 80 0004 00"));
        IkeDecodeException e = assertThrows(IkeDecodeException.class,
                () -> IkeMessageCodec.decrypt(critical, IkeMessageCodec.decode(critical), cipher));
        assertEquals(NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD, e.notifyType());
        assertArrayEquals(new byte[] {(byte) 0xf0}, e.notifyData());
    }

    @Test
    void ciphertextOffTheBlockSizeIsDroppedBeforeTheCipherRuns() throws Exception {
        XorTestCipher cipher = XorTestCipher.cbcLike();
        byte[] wire = Fixtures.message(PayloadType.SK, MalformedMessageTest.payload(0, "00".repeat(16 + 17 + 16)));
        IkeDecodeException e = assertThrows(IkeDecodeException.class,
                () -> IkeMessageCodec.decrypt(wire, IkeMessageCodec.decode(wire), cipher));
        assertEquals(0, e.notifyType());
        byte[] tooShort = Fixtures.message(PayloadType.SK, MalformedMessageTest.payload(0, "00".repeat(20)));
        assertEquals(0, assertThrows(IkeDecodeException.class,
                () -> IkeMessageCodec.decrypt(tooShort, IkeMessageCodec.decode(tooShort), cipher)).notifyType());
        assertEquals(null, cipher.lastDecryptAad);
    }

    @Test
    void messageWithoutSkIsDropped() throws Exception {
        byte[] wire = IkeMessageCodec.encode(Fixtures.authHeader(), List.of(NotifyPayload.of(NotifyType.COOKIE)));
        IkeDecodeException e = assertThrows(IkeDecodeException.class,
                () -> IkeMessageCodec.decrypt(wire, IkeMessageCodec.decode(wire), XorTestCipher.cbcLike()));
        assertEquals(0, e.notifyType());
    }

    @Test
    void outerFromAnotherDatagramIsACallerBug() throws Exception {
        XorTestCipher cipher = XorTestCipher.cbcLike();
        byte[] a = IkeMessageCodec.encodeProtected(Fixtures.authHeader(), List.of(), cipher);
        byte[] b = IkeMessageCodec.encodeProtected(Fixtures.authHeader(), List.of(), cipher);
        IkeMessage outerOfA = IkeMessageCodec.decode(a);
        assertThrows(IllegalArgumentException.class, () -> IkeMessageCodec.decrypt(b, outerOfA, cipher));
    }

    @Test
    void cipherFailureIsADropWithTheCause() throws Exception {
        XorTestCipher good = XorTestCipher.cbcLike();
        byte[] wire = IkeMessageCodec.encodeProtected(Fixtures.authHeader(), List.of(), good);
        EncryptedPayloadCipher broken = new XorTestCipher(16, 16, 16) {
            @Override
            public byte[] decrypt(byte[] aad, byte[] body) {
                throw new IllegalStateException("boom");
            }
        };
        IkeDecodeException e = assertThrows(IkeDecodeException.class,
                () -> IkeMessageCodec.decrypt(wire, IkeMessageCodec.decode(wire), broken));
        assertEquals(0, e.notifyType());
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }

    @Test
    void cipherReturningTheWrongLengthIsRefusedAtEncoding() {
        EncryptedPayloadCipher liar = new XorTestCipher(16, 16, 16) {
            @Override
            public byte[] encrypt(byte[] aad, byte[] padded) {
                return new byte[3];
            }
        };
        assertThrows(IllegalStateException.class,
                () -> IkeMessageCodec.encodeProtected(Fixtures.authHeader(), List.of(), liar));
    }

    // ---- RFC 7383 fragments

    @ParameterizedTest
    @MethodSource("ciphers")
    void fragmentsReassembleToTheInnerChain(XorTestCipher cipher) throws Exception {
        List<Payload> inner = Fixtures.everyInnerPayload();
        int max = 300;
        List<byte[]> fragments = IkeMessageCodec.encodeProtectedFragments(Fixtures.authHeader(), inner, cipher, max);
        assertTrue(fragments.size() > 1, "expected several fragments");
        // aad: the header plus the whole 8-octet SKF header, fragment number and total included
        assertArrayEquals(Arrays.copyOf(fragments.getLast(), 36), cipher.lastEncryptAad);

        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        int firstType = -1;
        for (int i = 0; i < fragments.size(); i++) {
            byte[] wire = fragments.get(i);
            assertTrue(wire.length <= max, "fragment of " + wire.length);
            IkeMessage outer = IkeMessageCodec.decode(wire);
            assertEquals(PayloadType.SKF, outer.header().nextPayload());
            assertEquals(Fixtures.authHeader().messageId(), outer.header().messageId());
            DecryptedFragment f = IkeMessageCodec.decryptFragment(wire, outer, cipher);
            assertArrayEquals(Arrays.copyOf(wire, 36), cipher.lastDecryptAad);
            assertEquals(i + 1, f.fragmentNumber());
            assertEquals(fragments.size(), f.totalFragments());
            assertEquals(i == 0 ? PayloadType.IDI : PayloadType.NONE, f.firstInnerType());
            if (i == 0) {
                firstType = f.firstInnerType();
            }
            joined.writeBytes(f.content());
        }
        assertSamePayloads(inner, IkeMessageCodec.decodeChain(firstType, joined.toByteArray()));
    }

    @Test
    void aSingleFragmentWhenEverythingFits() throws Exception {
        XorTestCipher cipher = XorTestCipher.aeadLike();
        List<byte[]> one = IkeMessageCodec.encodeProtectedFragments(Fixtures.authHeader(),
                List.of(NotifyPayload.of(NotifyType.INITIAL_CONTACT)), cipher, 1280);
        assertEquals(1, one.size());
        EncryptedFragmentPayload skf = assertInstanceOf(EncryptedFragmentPayload.class,
                IkeMessageCodec.decode(one.getFirst()).payloads().getFirst());
        assertEquals(1, skf.fragmentNumber());
        assertEquals(1, skf.totalFragments());
        assertEquals(PayloadType.NOTIFY, skf.firstInnerType());
    }

    @Test
    void fragmentNumberIsAuthenticated() throws Exception {
        XorTestCipher cipher = XorTestCipher.cbcLike();
        List<byte[]> fragments = IkeMessageCodec.encodeProtectedFragments(Fixtures.authHeader(),
                Fixtures.everyInnerPayload(), cipher, 400);
        byte[] renumbered = fragments.get(1).clone();
        renumbered[33] = 1; // claims to be fragment 1
        IkeMessage outer = IkeMessageCodec.decode(renumbered);
        assertThrows(EncryptedPayloadCipher.IntegrityException.class,
                () -> IkeMessageCodec.decryptFragment(renumbered, outer, cipher));
    }

    @Test
    void fragmentLimitsAreEnforcedAtEncoding() {
        XorTestCipher cipher = XorTestCipher.cbcLike();
        List<Payload> big = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            big.add(new NoncePayload(new byte[200]));
        }
        assertThrows(IllegalArgumentException.class,
                () -> IkeMessageCodec.encodeProtectedFragments(Fixtures.authHeader(), big, cipher, 200));
        assertThrows(IllegalArgumentException.class,
                () -> IkeMessageCodec.encodeProtectedFragments(Fixtures.authHeader(), List.of(), cipher, 76));
        assertNotNull(IkeMessageCodec.encodeProtectedFragments(Fixtures.authHeader(), List.of(), cipher, 92));
    }

    @Test
    void decryptFragmentNeedsAnSkfPayload() throws Exception {
        XorTestCipher cipher = XorTestCipher.cbcLike();
        byte[] sk = IkeMessageCodec.encodeProtected(Fixtures.authHeader(), List.of(), cipher);
        assertEquals(0, assertThrows(IkeDecodeException.class,
                () -> IkeMessageCodec.decryptFragment(sk, IkeMessageCodec.decode(sk), cipher)).notifyType());
    }

    /** An SK message whose padded plaintext is exactly {@code padded}, padding and all. */
    static byte[] sealRaw(EncryptedPayloadCipher cipher, int firstInnerType, byte[] padded) {
        int body = cipher.ivLength() + padded.length + cipher.icvLength();
        byte[] aad = Fixtures.message(PayloadType.SK,
                String.format("%02x 00 %04x", firstInnerType, 4 + body));
        int total = aad.length + body;
        aad[24] = (byte) (total >>> 24);
        aad[25] = (byte) (total >>> 16);
        aad[26] = (byte) (total >>> 8);
        aad[27] = (byte) total;
        byte[] sealed = cipher.encrypt(aad, padded);
        byte[] wire = Arrays.copyOf(aad, total);
        System.arraycopy(sealed, 0, wire, aad.length, sealed.length);
        return wire;
    }

    private static long readU32(byte[] b, int at) {
        return ((long) (b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8)
                | (b[at + 3] & 0xff);
    }
}
