package org.jiked.wire;

import java.net.InetAddress;
import java.util.List;
import org.jiked.wire.payload.AuthPayload;
import org.jiked.wire.payload.CertPayload;
import org.jiked.wire.payload.CertReqPayload;
import org.jiked.wire.payload.ConfigPayload;
import org.jiked.wire.payload.DeletePayload;
import org.jiked.wire.payload.EapPayload;
import org.jiked.wire.payload.EncryptedFragmentPayload;
import org.jiked.wire.payload.EncryptedPayload;
import org.jiked.wire.payload.IdPayload;
import org.jiked.wire.payload.KePayload;
import org.jiked.wire.payload.NoncePayload;
import org.jiked.wire.payload.NotifyPayload;
import org.jiked.wire.payload.Payload;
import org.jiked.wire.payload.SaPayload;
import org.jiked.wire.payload.TsPayload;
import org.jiked.wire.payload.TsPayload.TrafficSelector;
import org.jiked.wire.payload.UnknownPayload;
import org.jiked.wire.payload.VendorIdPayload;

/**
 * Encoder of an IKEv2 payload chain (RFC 7296 sections 3.2 to 3.16, RFC 7383 section 2.5).
 *
 * <p>Next-payload fields and lengths are computed here, never taken from the caller. A payload
 * that the strict decoder would refuse is refused here too, with IllegalArgumentException, so
 * that jiked never sends what it would not accept.
 */
final class PayloadEncoder {
    private PayloadEncoder() {}

    /**
     * Appends the chain and returns the type of its first payload (0 for an empty chain). A sealed
     * SK or SKF payload is accepted only when {@code allowSealed} and only as the last payload,
     * since its next-payload field belongs to the chain inside it.
     */
    static int encodeChain(List<Payload> payloads, ByteWriter w, boolean allowSealed) {
        for (int i = 0; i < payloads.size(); i++) {
            Payload p = payloads.get(i);
            boolean isLast = i == payloads.size() - 1;
            int next;
            switch (p) {
                case EncryptedPayload sk -> next = sealedNext(sk.firstInnerType(), isLast, allowSealed, "SK");
                case EncryptedFragmentPayload skf ->
                        next = sealedNext(skf.firstInnerType(), isLast, allowSealed, "SKF");
                default -> next = isLast ? PayloadType.NONE : payloads.get(i + 1).type();
            }
            encodePayload(p, next, w);
        }
        return payloads.isEmpty() ? PayloadType.NONE : payloads.getFirst().type();
    }

    private static int sealedNext(int firstInnerType, boolean isLast, boolean allowSealed, String what) {
        if (!allowSealed) {
            throw new IllegalArgumentException(what + " cannot be nested in an encrypted payload");
        }
        if (!isLast) {
            throw new IllegalArgumentException(what + " must be the last payload");
        }
        return octet(firstInnerType, "first inner payload type");
    }

    private static void encodePayload(Payload p, int next, ByteWriter w) {
        int start = w.size();
        boolean critical = p instanceof UnknownPayload u && u.critical();
        octet(p.type(), "payload type");
        w.u8(next);
        w.u8(critical ? 0x80 : 0);
        w.u16(0);
        body(p, w);
        int length = w.size() - start;
        if (length > 0xffff) {
            throw new IllegalArgumentException(PayloadType.name(p.type()) + " payload of " + length + " octets");
        }
        w.putU16At(start + 2, length);
    }

    private static void body(Payload p, ByteWriter w) {
        switch (p) {
            case SaPayload sa -> SaEncoder.encode(sa, w);
            case KePayload ke -> w.u16(u16(ke.dhGroup(), "DH group")).u16(0).bytes(ke.keyData());
            case IdPayload id -> w.u8(octet(id.idType(), "ID type")).zeros(3).bytes(id.data());
            case CertPayload c -> w.u8(octet(c.encoding(), "cert encoding")).bytes(c.data());
            case CertReqPayload c -> w.u8(octet(c.encoding(), "cert encoding")).bytes(c.data());
            case AuthPayload a -> w.u8(octet(a.method(), "auth method")).zeros(3).bytes(a.data());
            case NoncePayload n -> nonce(n, w);
            case NotifyPayload n -> notify(n, w);
            case DeletePayload d -> delete(d, w);
            case VendorIdPayload v -> w.bytes(v.vendorId());
            case TsPayload ts -> ts(ts, w);
            case EncryptedPayload sk -> w.bytes(sk.body());
            case ConfigPayload cp -> config(cp, w);
            case EapPayload eap -> eap(eap, w);
            case EncryptedFragmentPayload skf -> fragment(skf, w);
            case UnknownPayload u -> w.bytes(u.body());
        }
    }

    private static void nonce(NoncePayload n, ByteWriter w) {
        byte[] nonce = n.nonce();
        if (nonce.length < PayloadDecoder.MIN_NONCE || nonce.length > PayloadDecoder.MAX_NONCE) {
            throw new IllegalArgumentException("nonce of " + nonce.length + " octets");
        }
        w.bytes(nonce);
    }

    private static void notify(NotifyPayload n, ByteWriter w) {
        byte[] spi = n.spi();
        w.u8(octet(n.protocolId(), "protocol")).u8(octet(spi.length, "SPI size"))
                .u16(u16(n.notifyType(), "notify type")).bytes(spi).bytes(n.data());
    }

    private static void delete(DeletePayload d, ByteWriter w) {
        List<byte[]> spis = d.spis();
        if (d.spiSize() == 0 && !spis.isEmpty()) {
            throw new IllegalArgumentException("delete with SPI size 0 cannot list SPIs");
        }
        w.u8(octet(d.protocolId(), "protocol")).u8(octet(d.spiSize(), "SPI size")).u16(u16(spis.size(), "SPI count"));
        for (byte[] spi : spis) {
            if (spi.length != d.spiSize()) {
                throw new IllegalArgumentException("SPI of " + spi.length + " octets in a delete of size "
                        + d.spiSize());
            }
            w.bytes(spi);
        }
    }

    private static void ts(TsPayload ts, ByteWriter w) {
        List<TrafficSelector> selectors = ts.selectors();
        if (selectors.isEmpty()) {
            throw new IllegalArgumentException("traffic selector payload needs a selector");
        }
        w.u8(octet(selectors.size(), "selector count")).zeros(3);
        for (TrafficSelector s : selectors) {
            int addressLength = switch (s.tsType()) {
                case TsType.TS_IPV4_ADDR_RANGE -> 4;
                case TsType.TS_IPV6_ADDR_RANGE -> 16;
                default -> throw new IllegalArgumentException("traffic selector type " + s.tsType());
            };
            byte[] start = address(s.startAddress(), addressLength);
            byte[] end = address(s.endAddress(), addressLength);
            w.u8(s.tsType()).u8(octet(s.ipProtocol(), "IP protocol")).u16(8 + 2 * addressLength)
                    .u16(u16(s.startPort(), "port")).u16(u16(s.endPort(), "port")).bytes(start).bytes(end);
        }
    }

    private static byte[] address(InetAddress a, int length) {
        byte[] raw = a.getAddress();
        if (raw.length != length) {
            throw new IllegalArgumentException("address " + a + " in a selector of " + length + "-octet addresses");
        }
        return raw;
    }

    private static void config(ConfigPayload cp, ByteWriter w) {
        w.u8(octet(cp.cfgType(), "CFG type")).zeros(3);
        for (ConfigPayload.Attribute a : cp.attributes()) {
            if (a.type() < 0 || a.type() > 0x7fff) {
                throw new IllegalArgumentException("configuration attribute type " + a.type());
            }
            byte[] value = a.value();
            w.u16(a.type()).u16(u16(value.length, "attribute length")).bytes(value);
        }
    }

    private static void eap(EapPayload eap, ByteWriter w) {
        byte[] m = eap.eapMessage();
        if (m.length < 4 || (((m[2] & 0xff) << 8) | (m[3] & 0xff)) != m.length) {
            throw new IllegalArgumentException("EAP message whose length field disagrees with its size");
        }
        w.bytes(m);
    }

    private static void fragment(EncryptedFragmentPayload skf, ByteWriter w) {
        int total = skf.totalFragments();
        int number = skf.fragmentNumber();
        if (total < 1 || total > PayloadDecoder.MAX_FRAGMENTS || number < 1 || number > total) {
            throw new IllegalArgumentException("fragment " + number + " of " + total);
        }
        w.u16(number).u16(total).bytes(skf.body());
    }

    static int octet(int v, String what) {
        if (v < 0 || v > 0xff) {
            throw new IllegalArgumentException(what + " " + v + " does not fit one octet");
        }
        return v;
    }

    static int u16(int v, String what) {
        if (v < 0 || v > 0xffff) {
            throw new IllegalArgumentException(what + " " + v + " does not fit two octets");
        }
        return v;
    }
}
