package org.jiked.wire;

import static org.jiked.wire.Fixtures.assertSamePayloads;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jiked.wire.payload.ConfigPayload;
import org.jiked.wire.payload.DeletePayload;
import org.jiked.wire.payload.EapPayload;
import org.jiked.wire.payload.EncryptedFragmentPayload;
import org.jiked.wire.payload.EncryptedPayload;
import org.jiked.wire.payload.IdPayload;
import org.jiked.wire.payload.NoncePayload;
import org.jiked.wire.payload.NotifyPayload;
import org.jiked.wire.payload.Payload;
import org.jiked.wire.payload.SaPayload;
import org.jiked.wire.payload.TsPayload;
import org.jiked.wire.payload.UnknownPayload;
import org.jiked.wire.payload.VendorIdPayload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Encode then decode every payload type (RFC 7296 sections 3.3 to 3.16) and compare. */
class PayloadRoundTripTest {

    static Stream<Payload> everyPayload() {
        List<Payload> all = new ArrayList<>(Fixtures.everyPlainPayload());
        all.addAll(Fixtures.everyInnerPayload());
        return all.stream();
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("everyPayload")
    void singlePayloadSurvivesAMessage(Payload p) throws Exception {
        byte[] wire = IkeMessageCodec.encode(Fixtures.initHeader(), List.of(p));
        IkeMessage back = IkeMessageCodec.decode(wire);
        assertSamePayloads(List.of(p), back.payloads());
        assertArrayEquals(wire, IkeMessageCodec.encode(back.header(), back.payloads()));
    }

    @Test
    void wholeChainKeepsOrderAndNextPayloadFields() throws Exception {
        List<Payload> chain = new ArrayList<>(Fixtures.everyPlainPayload());
        chain.addAll(Fixtures.everyInnerPayload());
        byte[] wire = IkeMessageCodec.encode(Fixtures.initHeader(), chain);
        IkeMessage back = IkeMessageCodec.decode(wire);
        assertEquals(wire.length, back.header().length());
        assertEquals(PayloadType.SA, back.header().nextPayload());
        assertSamePayloads(chain, back.payloads());
    }

    @Test
    void transformAttributesKeepTvAndTlvFormats() throws Exception {
        SaPayload sa = roundTrip(Fixtures.childSa(), SaPayload.class);
        SaPayload.Proposal esp = sa.proposals().getFirst();
        assertEquals(ProtocolId.ESP, esp.protocolId());
        assertArrayEquals(new byte[] {0x0a, 0x0b, 0x0c, 0x0d}, esp.spi());
        List<SaPayload.TransformAttribute> attrs = esp.transforms().getFirst().attributes();
        assertEquals(3, attrs.size());
        assertTrue(attrs.get(0).tv());
        assertEquals(128, esp.transforms().getFirst().keyLength());
        assertFalse(attrs.get(1).tv());
        assertEquals(16400, attrs.get(1).type());
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, attrs.get(1).value());
        assertEquals(0, attrs.get(2).value().length);
    }

    @Test
    void configPayloadKeepsEmptyAndFilledAttributes() throws Exception {
        ConfigPayload cp = roundTrip(Fixtures.configRequest(), ConfigPayload.class);
        assertEquals(ConfigPayload.CFG_REQUEST, cp.cfgType());
        assertEquals(List.of(1, 3, 8, 1), cp.attributes().stream().map(ConfigPayload.Attribute::type).toList());
        assertArrayEquals(new byte[] {10, 1, 2, 3}, cp.attributes().get(3).value());
    }

    @Test
    void eapPayloadCarriesTheWholeEapMessage() throws Exception {
        EapPayload eap = roundTrip(Fixtures.eapIdentityRequest(), EapPayload.class);
        assertArrayEquals(new byte[] {1, 7, 0, 5, 1}, eap.eapMessage());
    }

    @Test
    void deleteWithSeveralSpis() throws Exception {
        DeletePayload d = roundTrip(Fixtures.deleteEsp(), DeletePayload.class);
        assertEquals(ProtocolId.ESP, d.protocolId());
        assertEquals(4, d.spiSize());
        assertEquals(3, d.spis().size());
        assertArrayEquals(new byte[] {9, 10, 11, 12}, d.spis().get(2));
        DeletePayload ike = roundTrip(new DeletePayload(ProtocolId.IKE, 0, List.of()), DeletePayload.class);
        assertEquals(0, ike.spis().size());
    }

    @Test
    void ipv6SelectorsStaySixteenOctetsEvenWhenIpv4Mapped() throws Exception {
        TsPayload ts = roundTrip(Fixtures.tsIpv6(), TsPayload.class);
        assertEquals(PayloadType.TSR, ts.type());
        TsPayload.TrafficSelector mapped = ts.selectors().get(1);
        assertInstanceOf(Inet6Address.class, mapped.startAddress());
        assertEquals(16, mapped.startAddress().getAddress().length);
        // a descending port range is syntactically fine; judging it is the engine's business
        assertEquals(9000, mapped.startPort());
        assertEquals(80, mapped.endPort());
        assertEquals(Fixtures.ip("2001:db8::ffff:ffff:ffff:ffff"), ts.selectors().get(0).endAddress());
    }

    @Test
    void ipv4SelectorsRoundTrip() throws Exception {
        TsPayload ts = roundTrip(Fixtures.tsIpv4(), TsPayload.class);
        assertEquals(PayloadType.TSI, ts.type());
        assertEquals(Fixtures.tsIpv4().selectors(), ts.selectors());
    }

    @Test
    void identificationKeepsInitiatorAndResponderApart() throws Exception {
        IdPayload idr = roundTrip(new IdPayload(true, IdType.ID_KEY_ID, new byte[] {1}), IdPayload.class);
        assertTrue(idr.responder());
        assertEquals(PayloadType.IDR, idr.type());
    }

    @Test
    void notifyKeepsSpiAndData() throws Exception {
        NotifyPayload n = roundTrip(new NotifyPayload(ProtocolId.ESP, new byte[] {1, 2, 3, 4},
                NotifyType.REKEY_SA, new byte[] {9}), NotifyPayload.class);
        assertArrayEquals(new byte[] {1, 2, 3, 4}, n.spi());
        assertArrayEquals(new byte[] {9}, n.data());
    }

    @Test
    void nonceLimitsAreInclusive() throws Exception {
        assertEquals(16, roundTrip(new NoncePayload(new byte[16]), NoncePayload.class).nonce().length);
        assertEquals(256, roundTrip(new NoncePayload(new byte[256]), NoncePayload.class).nonce().length);
    }

    @Test
    void unknownNonCriticalPayloadIsKeptAndSkipped() throws Exception {
        // V, then an unknown type 250 with the critical bit clear, then a nonce after it
        byte[] wire = Fixtures.message(PayloadType.VENDOR_ID, """
                fa 00 0008 01020304
                28 00 0007 aabbcc
                00 00 0014 000102030405060708090a0b0c0d0e0f
                """);
        IkeMessage m = IkeMessageCodec.decode(wire);
        assertEquals(3, m.payloads().size());
        assertInstanceOf(VendorIdPayload.class, m.payloads().get(0));
        UnknownPayload u = assertInstanceOf(UnknownPayload.class, m.payloads().get(1));
        assertEquals(250, u.type());
        assertFalse(u.critical());
        assertArrayEquals(new byte[] {(byte) 0xaa, (byte) 0xbb, (byte) 0xcc}, u.body());
        assertInstanceOf(NoncePayload.class, m.payloads().get(2));
        assertArrayEquals(wire, IkeMessageCodec.encode(m.header(), m.payloads()));
    }

    @Test
    void criticalBitOnAKnownPayloadIsIgnored() throws Exception {
        byte[] wire = Fixtures.message(PayloadType.VENDOR_ID, "00 80 0006 abcd");
        IkeMessage m = IkeMessageCodec.decode(wire);
        assertArrayEquals(new byte[] {(byte) 0xab, (byte) 0xcd},
                assertInstanceOf(VendorIdPayload.class, m.payloads().getFirst()).vendorId());
    }

    @Test
    void unknownCriticalPayloadIsEncodedWithItsBit() {
        PayloadChain c = IkeMessageCodec.encodePayloadChain(List.of(new UnknownPayload(199, true, new byte[] {5})));
        assertEquals(199, c.firstType());
        assertArrayEquals(Hex.decode("00 80 0005 05"), c.bytes());
    }

    @Test
    void sealedPayloadsRoundTripInTheOuterChain() throws Exception {
        byte[] sk = IkeMessageCodec.encode(Fixtures.authHeader(), List.of(
                new NotifyPayload(0, new byte[0], NotifyType.COOKIE, new byte[] {1}),
                new EncryptedPayload(PayloadType.IDI, Fixtures.filled(48, 9))));
        IkeMessage m = IkeMessageCodec.decode(sk);
        EncryptedPayload e = assertInstanceOf(EncryptedPayload.class, m.payloads().getLast());
        assertEquals(PayloadType.IDI, e.firstInnerType());
        assertArrayEquals(Fixtures.filled(48, 9), e.body());

        byte[] skf = IkeMessageCodec.encode(Fixtures.authHeader(), List.of(
                new EncryptedFragmentPayload(0, 2, 3, Fixtures.filled(40, 1))));
        EncryptedFragmentPayload f = assertInstanceOf(EncryptedFragmentPayload.class,
                IkeMessageCodec.decode(skf).payloads().getFirst());
        assertEquals(2, f.fragmentNumber());
        assertEquals(3, f.totalFragments());
        assertEquals(0, f.firstInnerType());
        assertArrayEquals(Hex.decode("00 00 0030 0002 0003"), java.util.Arrays.copyOfRange(skf, 28, 36));
    }

    @Test
    void encoderRefusesWhatTheDecoderWouldRefuse() {
        IkeHeader h = Fixtures.initHeader();
        assertThrows(IllegalArgumentException.class, () -> IkeMessageCodec.encode(h,
                List.of(new EncryptedPayload(PayloadType.NONE, new byte[0]), new NoncePayload(new byte[16]))));
        assertThrows(IllegalArgumentException.class,
                () -> IkeMessageCodec.encode(h, List.of(new NoncePayload(new byte[15]))));
        assertThrows(IllegalArgumentException.class,
                () -> IkeMessageCodec.encode(h, List.of(new TsPayload(false, List.of()))));
        assertThrows(IllegalArgumentException.class, () -> IkeMessageCodec.encode(h, List.of(new TsPayload(false,
                List.of(new TsPayload.TrafficSelector(TsType.TS_IPV6_ADDR_RANGE, 0, 0, 65535,
                        Fixtures.ip("10.0.0.1"), Fixtures.ip("10.0.0.2")))))));
        assertThrows(IllegalArgumentException.class, () -> IkeMessageCodec.encode(h,
                List.of(new DeletePayload(ProtocolId.ESP, 4, List.of(new byte[3])))));
        assertThrows(IllegalArgumentException.class,
                () -> IkeMessageCodec.encode(h, List.of(new SaPayload(List.of()))));
        assertThrows(IllegalArgumentException.class, () -> IkeMessageCodec.encode(h,
                List.of(new EapPayload(new byte[] {1, 1, 0, 9}))));
        assertThrows(IllegalArgumentException.class, () -> IkeMessageCodec.encode(h,
                List.of(new VendorIdPayload(new byte[70000]))));
        assertThrows(IllegalArgumentException.class, () -> IkeMessageCodec.encode(h, List.of(new SaPayload(
                List.of(new SaPayload.Proposal(1, 1, new byte[0], List.of(new SaPayload.Transform(1, 12,
                        List.of(new SaPayload.TransformAttribute(14, true, new byte[3]))))))))));
    }

    private static <T extends Payload> T roundTrip(Payload p, Class<T> kind) throws IkeDecodeException {
        PayloadChain c = IkeMessageCodec.encodePayloadChain(List.of(p));
        List<Payload> back = IkeMessageCodec.decodeChain(c.firstType(), c.bytes());
        assertEquals(1, back.size());
        return assertInstanceOf(kind, back.getFirst());
    }
}
