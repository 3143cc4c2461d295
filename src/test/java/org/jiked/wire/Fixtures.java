package org.jiked.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.jiked.wire.payload.AuthPayload;
import org.jiked.wire.payload.CertPayload;
import org.jiked.wire.payload.CertReqPayload;
import org.jiked.wire.payload.ConfigPayload;
import org.jiked.wire.payload.DeletePayload;
import org.jiked.wire.payload.EapPayload;
import org.jiked.wire.payload.IdPayload;
import org.jiked.wire.payload.KePayload;
import org.jiked.wire.payload.NoncePayload;
import org.jiked.wire.payload.NotifyPayload;
import org.jiked.wire.payload.Payload;
import org.jiked.wire.payload.SaPayload;
import org.jiked.wire.payload.SaPayload.Proposal;
import org.jiked.wire.payload.SaPayload.Transform;
import org.jiked.wire.payload.SaPayload.TransformAttribute;
import org.jiked.wire.payload.TsPayload;
import org.jiked.wire.payload.TsPayload.TrafficSelector;
import org.jiked.wire.payload.UnknownPayload;
import org.jiked.wire.payload.VendorIdPayload;

/** Sample payloads and messages shared by the wire tests. */
final class Fixtures {
    private Fixtures() {}

    static final long SPI_I = 0x1122334455667788L;
    static final long SPI_R = 0x99aabbccddeeff00L;

    static byte[] filled(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed + 7 * i);
        }
        return b;
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only: no lookup happens
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static IkeHeader initHeader() {
        return IkeHeader.of(SPI_I, 0, ExchangeType.IKE_SA_INIT, true, false, 0);
    }

    static IkeHeader authHeader() {
        return IkeHeader.of(SPI_I, SPI_R, ExchangeType.IKE_AUTH, true, false, 1);
    }

    static SaPayload ikeSa() {
        Proposal cbc = new Proposal(1, ProtocolId.IKE, new byte[0], List.of(
                Transform.withKeyLength(TransformType.ENCR, TransformType.ENCR_AES_CBC, 256),
                Transform.of(TransformType.INTEG, TransformType.AUTH_HMAC_SHA2_256_128),
                Transform.of(TransformType.PRF, TransformType.PRF_HMAC_SHA2_256),
                Transform.of(TransformType.DH, TransformType.CURVE25519)));
        Proposal gcm = new Proposal(2, ProtocolId.IKE, new byte[0], List.of(
                Transform.withKeyLength(TransformType.ENCR, TransformType.ENCR_AES_GCM_16, 128),
                Transform.of(TransformType.PRF, TransformType.PRF_HMAC_SHA2_256),
                Transform.of(TransformType.DH, TransformType.ECP_256)));
        return new SaPayload(List.of(cbc, gcm));
    }

    /** An ESP proposal with a 4-octet SPI and a TLV attribute of a private-use type. */
    static SaPayload childSa() {
        Transform encr = new Transform(TransformType.ENCR, TransformType.ENCR_AES_CBC, List.of(
                TransformAttribute.keyLength(128),
                new TransformAttribute(16400, false, new byte[] {1, 2, 3, 4, 5}),
                new TransformAttribute(16401, false, new byte[0])));
        Proposal esp = new Proposal(1, ProtocolId.ESP, new byte[] {0x0a, 0x0b, 0x0c, 0x0d}, List.of(encr,
                Transform.of(TransformType.INTEG, TransformType.AUTH_HMAC_SHA2_256_128),
                Transform.of(TransformType.ESN, TransformType.ESN_NO)));
        return new SaPayload(List.of(esp));
    }

    static TsPayload tsIpv4() {
        return new TsPayload(false, List.of(
                new TrafficSelector(TsType.TS_IPV4_ADDR_RANGE, 0, 0, 65535, ip("10.0.0.0"), ip("10.0.255.255")),
                new TrafficSelector(TsType.TS_IPV4_ADDR_RANGE, 17, 500, 4500, ip("192.0.2.1"), ip("192.0.2.1"))));
    }

    static TsPayload tsIpv6() {
        byte[] mapped = Hex.decode("00000000000000000000ffffc0000201");
        return new TsPayload(true, List.of(
                new TrafficSelector(TsType.TS_IPV6_ADDR_RANGE, 6, 443, 443, ip("2001:db8::"),
                        ip("2001:db8::ffff:ffff:ffff:ffff")),
                new TrafficSelector(TsType.TS_IPV6_ADDR_RANGE, 0, 9000, 80, PayloadDecoder.address(mapped),
                        PayloadDecoder.address(mapped))));
    }

    static ConfigPayload configRequest() {
        return new ConfigPayload(ConfigPayload.CFG_REQUEST, List.of(
                new ConfigPayload.Attribute(1, new byte[0]), // INTERNAL_IP4_ADDRESS, asked for
                new ConfigPayload.Attribute(3, new byte[0]), // INTERNAL_IP4_DNS
                new ConfigPayload.Attribute(8, new byte[0]),
                new ConfigPayload.Attribute(1, new byte[] {10, 1, 2, 3})));
    }

    static EapPayload eapIdentityRequest() {
        return new EapPayload(new byte[] {1, 7, 0, 5, 1}); // code request, id 7, length 5, type identity
    }

    static DeletePayload deleteEsp() {
        return new DeletePayload(ProtocolId.ESP, 4, List.of(
                new byte[] {1, 2, 3, 4}, new byte[] {5, 6, 7, 8}, new byte[] {9, 10, 11, 12}));
    }

    /** One payload of every type that travels outside SK, plus an unknown one. */
    static List<Payload> everyPlainPayload() {
        return List.of(ikeSa(),
                new KePayload(TransformType.CURVE25519, filled(32, 1)),
                new NoncePayload(filled(32, 2)),
                NotifyPayload.of(NotifyType.NAT_DETECTION_SOURCE_IP, filled(20, 3)),
                new NotifyPayload(ProtocolId.ESP, new byte[] {1, 1, 1, 1}, NotifyType.REKEY_SA, new byte[0]),
                new CertReqPayload(CertPayload.X509_CERTIFICATE_SIGNATURE, filled(40, 4)),
                new VendorIdPayload(filled(16, 5)),
                new UnknownPayload(200, false, filled(9, 6)));
    }

    /** The inner payloads of an IKE_AUTH request with every remaining payload type. */
    static List<Payload> everyInnerPayload() {
        return List.of(new IdPayload(false, IdType.ID_FQDN, "client.example.org".getBytes()),
                new CertPayload(CertPayload.X509_CERTIFICATE_SIGNATURE, filled(300, 7)),
                new IdPayload(true, IdType.ID_IPV4_ADDR, new byte[] {(byte) 192, 0, 2, 9}),
                new AuthPayload(AuthMethod.DIGITAL_SIGNATURE, filled(72, 8)),
                configRequest(),
                childSa(),
                tsIpv4(),
                tsIpv6(),
                eapIdentityRequest(),
                deleteEsp(),
                new DeletePayload(ProtocolId.IKE, 0, List.of()),
                NotifyPayload.of(NotifyType.INITIAL_CONTACT));
    }

    /** Payload records hold arrays, so they are compared by their encoding, which is canonical. */
    static void assertSamePayloads(List<Payload> expected, List<Payload> actual) {
        PayloadChain e = IkeMessageCodec.encodePayloadChain(expected);
        PayloadChain a = IkeMessageCodec.encodePayloadChain(actual);
        org.junit.jupiter.api.Assertions.assertEquals(e.firstType(), a.firstType());
        assertArrayEquals(e.bytes(), a.bytes(), () -> "expected " + Hex.encode(e.bytes()) + "\nactual   "
                + Hex.encode(a.bytes()));
    }

    /** A message around raw payload octets, with the header length made right. */
    static byte[] message(int firstType, String payloadsHex) {
        byte[] payloads = Hex.decode(payloadsHex);
        byte[] m = new byte[IkeHeader.LENGTH + payloads.length];
        byte[] h = Hex.decode("1122334455667788 0000000000000000 00 20 22 08 00000000 00000000");
        System.arraycopy(h, 0, m, 0, h.length);
        m[16] = (byte) firstType;
        int len = m.length;
        m[24] = (byte) (len >>> 24);
        m[25] = (byte) (len >>> 16);
        m[26] = (byte) (len >>> 8);
        m[27] = (byte) len;
        System.arraycopy(payloads, 0, m, IkeHeader.LENGTH, payloads.length);
        return m;
    }
}
