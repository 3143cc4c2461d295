package org.jiked.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jiked.wire.payload.KePayload;
import org.jiked.wire.payload.NoncePayload;
import org.jiked.wire.payload.NotifyPayload;
import org.jiked.wire.payload.Payload;
import org.jiked.wire.payload.SaPayload;
import org.junit.jupiter.api.Test;

/**
 * An IKE_SA_INIT request laid out as strongSwan 5.9 sends it (SA, KE, Ni, then the NAT detection,
 * fragmentation, signature hash and redirect notifications), written octet by octet from
 * RFC 7296 section 3.
 */
class IkeSaInitFixtureTest {
    static final String STRONGSWAN_IKE_SA_INIT = """
            # IKE header (3.1)
            8a3c5e1d2b4f6071          # SPIi
            0000000000000000          # SPIr
            21 20 22 08               # next SA, version 2.0, IKE_SA_INIT, Initiator flag
            00000000 0000011c         # message ID 0, length 284
            # SA payload (3.3), next KE
            22 00 005c
              02 00 0034 01 01 00 05    # proposal 1 of more, length 52, IKE, no SPI, 5 transforms
                03 00 000c 01 00 000c 800e0100   # ENCR AES-CBC, key length 256 (TV)
                03 00 0008 03 00 000c            # INTEG HMAC-SHA2-256-128
                03 00 0008 02 00 0005            # PRF HMAC-SHA2-256
                03 00 0008 04 00 001f            # DH curve25519
                00 00 0008 04 00 0013            # DH ECP-256, last
              00 00 0024 02 01 00 03    # proposal 2, last, length 36, IKE, no SPI, 3 transforms
                03 00 000c 01 00 0014 800e0100   # ENCR AES-GCM-16, key length 256
                03 00 0008 02 00 0005            # PRF HMAC-SHA2-256
                00 00 0008 04 00 001f            # DH curve25519, last
            # KE payload (3.4), next Nonce
            28 00 0028 001f 0000
              7a2b1f9c0d4e6f8a1b2c3d4e5f607182 93a4b5c6d7e8f90a1b2c3d4e5f607182
            # Nonce payload (3.9), next N
            29 00 0024
              0f1e2d3c4b5a69788796a5b4c3d2e1f0 00112233445566778899aabbccddeeff
            # N(NAT_DETECTION_SOURCE_IP), SHA-1 of SPIs, address and port
            29 00 001c 00 00 4004
              3b7c9f0e5d2a8c6b4f1e0d9c8b7a6f5e4d3c2b1a
            # N(NAT_DETECTION_DESTINATION_IP)
            29 00 001c 00 00 4005
              a1b2c3d4e5f60718293a4b5c6d7e8f9001122334
            # N(IKEV2_FRAGMENTATION_SUPPORTED)
            29 00 0008 00 00 402e
            # N(SIGNATURE_HASH_ALGORITHMS): SHA2-256, SHA2-384, SHA2-512, Identity
            29 00 0010 00 00 402f 0002 0003 0004 0005
            # N(REDIRECT_SUPPORTED), last payload
            00 00 0008 00 00 4016
            """;

    @Test
    void decodesStrongSwanIkeSaInitRequest() throws Exception {
        byte[] wire = Hex.decode(STRONGSWAN_IKE_SA_INIT);
        assertEquals(284, wire.length);

        IkeMessage m = IkeMessageCodec.decode(wire);
        IkeHeader h = m.header();
        assertEquals(0x8a3c5e1d2b4f6071L, h.initiatorSpi());
        assertEquals(0, h.responderSpi());
        assertEquals(PayloadType.SA, h.nextPayload());
        assertEquals(2, h.majorVersion());
        assertEquals(0, h.minorVersion());
        assertEquals(ExchangeType.IKE_SA_INIT, h.exchangeType());
        assertTrue(h.isFromInitiator());
        assertFalse(h.isResponse());
        assertEquals(0, h.messageId());
        assertEquals(284, h.length());

        List<Payload> p = m.payloads();
        assertEquals(List.of(PayloadType.SA, PayloadType.KE, PayloadType.NONCE, PayloadType.NOTIFY,
                PayloadType.NOTIFY, PayloadType.NOTIFY, PayloadType.NOTIFY, PayloadType.NOTIFY),
                p.stream().map(Payload::type).toList());

        SaPayload sa = assertInstanceOf(SaPayload.class, p.get(0));
        assertEquals(2, sa.proposals().size());
        SaPayload.Proposal first = sa.proposals().get(0);
        assertEquals(1, first.number());
        assertEquals(ProtocolId.IKE, first.protocolId());
        assertEquals(0, first.spi().length);
        assertEquals(5, first.transforms().size());
        assertEquals(TransformType.ENCR_AES_CBC, first.ofType(TransformType.ENCR).getFirst().id());
        assertEquals(256, first.ofType(TransformType.ENCR).getFirst().keyLength());
        assertEquals(List.of(TransformType.CURVE25519, TransformType.ECP_256),
                first.ofType(TransformType.DH).stream().map(SaPayload.Transform::id).toList());
        SaPayload.Proposal second = sa.proposals().get(1);
        assertEquals(2, second.number());
        assertEquals(TransformType.ENCR_AES_GCM_16, second.ofType(TransformType.ENCR).getFirst().id());
        assertEquals(0, second.ofType(TransformType.INTEG).size());

        KePayload ke = assertInstanceOf(KePayload.class, p.get(1));
        assertEquals(TransformType.CURVE25519, ke.dhGroup());
        assertEquals(32, ke.keyData().length);
        assertEquals(0x7a, ke.keyData()[0]);

        NoncePayload nonce = assertInstanceOf(NoncePayload.class, p.get(2));
        assertEquals(32, nonce.nonce().length);

        NotifyPayload natSrc = m.notify(NotifyType.NAT_DETECTION_SOURCE_IP).orElseThrow();
        assertEquals(20, natSrc.data().length);
        assertEquals(0, natSrc.spi().length);
        assertTrue(m.notify(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED).isPresent());
        assertTrue(m.notify(NotifyType.REDIRECT_SUPPORTED).isPresent());
        assertArrayEquals(Hex.decode("0002000300040005"),
                m.notify(NotifyType.SIGNATURE_HASH_ALGORITHMS).orElseThrow().data());
    }

    @Test
    void reencodesToTheSameOctets() throws Exception {
        byte[] wire = Hex.decode(STRONGSWAN_IKE_SA_INIT);
        IkeMessage m = IkeMessageCodec.decode(wire);
        assertArrayEquals(wire, IkeMessageCodec.encode(m.header(), m.payloads()));
    }

    @Test
    void headerAloneIsReadWithoutThePayloads() throws Exception {
        IkeHeader h = IkeMessageCodec.decodeHeader(Hex.decode(STRONGSWAN_IKE_SA_INIT));
        assertEquals(0x8a3c5e1d2b4f6071L, h.initiatorSpi());
        assertEquals(PayloadType.SA, h.nextPayload());
    }

    @Test
    void encodesAnOutgoingHeaderWithComputedFields() throws Exception {
        IkeHeader out = IkeHeader.of(1, 2, ExchangeType.INFORMATIONAL, false, true, 0xfffffffeL);
        byte[] wire = IkeMessageCodec.encode(out, List.of());
        assertArrayEquals(Hex.decode("0000000000000001 0000000000000002 00 20 25 20 fffffffe 0000001c"), wire);
        IkeHeader back = IkeMessageCodec.decodeHeader(wire);
        assertEquals(0xfffffffeL, back.messageId());
        assertTrue(back.isResponse());
        assertFalse(back.isFromInitiator());
    }
}
