package org.jiked.wire;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
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
import org.jiked.wire.payload.TsPayload;
import org.jiked.wire.payload.TsPayload.TrafficSelector;
import org.jiked.wire.payload.UnknownPayload;
import org.jiked.wire.payload.VendorIdPayload;

/**
 * Strict decoder of an IKEv2 payload chain (RFC 7296 sections 3.2 to 3.16, RFC 7383 section 2.5).
 *
 * <p>Each payload is handled in two steps, as OpenIKED does: first its generic header is checked
 * against the octets at hand and the reader is narrowed to exactly the payload body, then the
 * body is given meaning. A body decoder must consume its region completely; whatever it leaves
 * over is a length that disagrees with the content, which is INVALID_SYNTAX. The SA payload's
 * substructures live in {@link SaDecoder}.
 */
final class PayloadDecoder {
    static final int GENERIC_HEADER_LENGTH = 4;
    static final int MIN_NONCE = 16;
    static final int MAX_NONCE = 256;
    /** RFC 7383 leaves the count open; jiked caps reassembly state per message. */
    static final int MAX_FRAGMENTS = 32;

    private static final int CRITICAL = 0x80;

    private PayloadDecoder() {}

    /**
     * Decodes the chain that fills the reader's active region. In the outer chain ({@code outer})
     * an SK or SKF payload ends the chain, because its next-payload field names the first
     * payload inside it; such a payload must then also end the message. Inside SK, neither may
     * appear.
     */
    static List<Payload> decodeChain(int firstType, BoundedReader r, boolean outer) throws IkeDecodeException {
        List<Payload> out = new ArrayList<>();
        int type = firstType;
        while (type != PayloadType.NONE) {
            boolean sealed = type == PayloadType.SK || type == PayloadType.SKF;
            if (sealed && !outer) {
                throw syntax(PayloadType.name(type) + " inside an encrypted payload");
            }
            if (r.remaining() < GENERIC_HEADER_LENGTH) {
                throw syntax("payload header of " + PayloadType.name(type) + " truncated");
            }
            int next = r.u8();
            boolean critical = (r.u8() & CRITICAL) != 0; // the seven reserved bits are ignored (RFC 7296 3.2)
            int length = r.u16();
            if (length < GENERIC_HEADER_LENGTH) {
                throw syntax("payload length " + length + " of " + PayloadType.name(type) + " below 4");
            }
            if (length - GENERIC_HEADER_LENGTH > r.remaining()) {
                throw syntax("payload " + PayloadType.name(type) + " of length " + length + " runs past the message");
            }
            int saved = r.setActive(length - GENERIC_HEADER_LENGTH);
            out.add(decodeBody(type, next, critical, r));
            if (r.hasRemaining()) {
                throw syntax("payload " + PayloadType.name(type) + " is longer than its content");
            }
            r.restoreActive(saved);
            if (sealed) {
                if (r.hasRemaining()) {
                    throw syntax(PayloadType.name(type) + " is not the last payload");
                }
                return out;
            }
            type = next;
        }
        if (r.hasRemaining()) {
            throw syntax(r.remaining() + " octets after the last payload");
        }
        return out;
    }

    private static Payload decodeBody(int type, int next, boolean critical, BoundedReader r)
            throws IkeDecodeException {
        return switch (type) {
            case PayloadType.SA -> SaDecoder.decode(r);
            case PayloadType.KE -> ke(r);
            case PayloadType.IDI, PayloadType.IDR -> id(type == PayloadType.IDR, r);
            case PayloadType.CERT -> {
                minimum(r, 1, "CERT");
                yield new CertPayload(r.u8(), r.rest());
            }
            case PayloadType.CERTREQ -> {
                minimum(r, 1, "CERTREQ");
                yield new CertReqPayload(r.u8(), r.rest());
            }
            case PayloadType.AUTH -> auth(r);
            case PayloadType.NONCE -> nonce(r);
            case PayloadType.NOTIFY -> notify(r);
            case PayloadType.DELETE -> delete(r);
            case PayloadType.VENDOR_ID -> new VendorIdPayload(r.rest());
            case PayloadType.TSI, PayloadType.TSR -> ts(type == PayloadType.TSR, r);
            case PayloadType.SK -> new EncryptedPayload(next, r.rest());
            case PayloadType.CP -> config(r);
            case PayloadType.EAP -> eap(r);
            case PayloadType.SKF -> fragment(next, r);
            default -> {
                if (critical) {
                    // RFC 7296 2.5: the notification data is the one-octet type of the refused payload
                    throw new IkeDecodeException(NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD,
                            "unsupported critical payload " + type, new byte[] {(byte) type});
                }
                yield new UnknownPayload(type, false, r.rest());
            }
        };
    }

    private static KePayload ke(BoundedReader r) throws IkeDecodeException {
        minimum(r, 4, "KE");
        int group = r.u16();
        r.skip(2);
        return new KePayload(group, r.rest());
    }

    private static IdPayload id(boolean responder, BoundedReader r) throws IkeDecodeException {
        minimum(r, 4, "ID");
        int idType = r.u8();
        r.skip(3);
        return new IdPayload(responder, idType, r.rest());
    }

    private static AuthPayload auth(BoundedReader r) throws IkeDecodeException {
        minimum(r, 4, "AUTH");
        int method = r.u8();
        r.skip(3);
        return new AuthPayload(method, r.rest());
    }

    private static NoncePayload nonce(BoundedReader r) throws IkeDecodeException {
        int n = r.remaining();
        if (n < MIN_NONCE || n > MAX_NONCE) {
            throw syntax("nonce of " + n + " octets, RFC 7296 3.9 requires 16 to 256");
        }
        return new NoncePayload(r.rest());
    }

    private static NotifyPayload notify(BoundedReader r) throws IkeDecodeException {
        minimum(r, 4, "N");
        int protocol = r.u8();
        int spiSize = r.u8();
        int notifyType = r.u16();
        if (spiSize > r.remaining()) {
            throw syntax("notify SPI size " + spiSize + " exceeds the payload");
        }
        byte[] spi = r.bytes(spiSize);
        return new NotifyPayload(protocol, spi, notifyType, r.rest());
    }

    private static DeletePayload delete(BoundedReader r) throws IkeDecodeException {
        minimum(r, 4, "D");
        int protocol = r.u8();
        int spiSize = r.u8();
        int count = r.u16();
        if (spiSize == 0 && count != 0) {
            // RFC 7296 3.11: an IKE SA is named by the header, so a zero-size SPI list must be empty
            throw syntax("delete with SPI size 0 lists " + count + " SPIs");
        }
        if ((long) spiSize * count != r.remaining()) {
            throw syntax("delete of " + count + " SPIs of " + spiSize + " octets in " + r.remaining() + " octets");
        }
        List<byte[]> spis = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            spis.add(r.bytes(spiSize));
        }
        return new DeletePayload(protocol, spiSize, spis);
    }

    private static TsPayload ts(boolean responder, BoundedReader r) throws IkeDecodeException {
        minimum(r, 4, "TS");
        int count = r.u8();
        r.skip(3);
        if (count == 0) {
            throw syntax("traffic selector payload with no selectors");
        }
        List<TrafficSelector> selectors = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            selectors.add(selector(r));
        }
        return new TsPayload(responder, selectors);
    }

    private static TrafficSelector selector(BoundedReader r) throws IkeDecodeException {
        if (r.remaining() < 4) {
            throw syntax("traffic selector header truncated");
        }
        int tsType = r.u8();
        int protocol = r.u8();
        int length = r.u16();
        int addressLength = switch (tsType) {
            case TsType.TS_IPV4_ADDR_RANGE -> 4;
            case TsType.TS_IPV6_ADDR_RANGE -> 16;
            default -> throw syntax("unknown traffic selector type " + tsType);
        };
        if (length != 8 + 2 * addressLength) {
            throw syntax("traffic selector of type " + tsType + " with length " + length);
        }
        if (length - 4 > r.remaining()) {
            throw syntax("traffic selector runs past the payload");
        }
        int startPort = r.u16();
        int endPort = r.u16();
        InetAddress start = address(r.bytes(addressLength));
        InetAddress end = address(r.bytes(addressLength));
        return new TrafficSelector(tsType, protocol, startPort, endPort, start, end);
    }

    /**
     * Builds the address without the IPv4-mapped shortcut of InetAddress.getByAddress, so that a
     * 16-octet selector address stays 16 octets when it is encoded again.
     */
    static InetAddress address(byte[] raw) {
        try {
            return raw.length == 4 ? Inet4Address.getByAddress(raw)
                    : Inet6Address.getByAddress(null, raw, (java.net.NetworkInterface) null);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of checked length rejected", e);
        }
    }

    private static ConfigPayload config(BoundedReader r) throws IkeDecodeException {
        minimum(r, 4, "CP");
        int cfgType = r.u8();
        r.skip(3);
        List<ConfigPayload.Attribute> attributes = new ArrayList<>();
        while (r.hasRemaining()) {
            if (r.remaining() < 4) {
                throw syntax("configuration attribute header truncated");
            }
            int attrType = r.u16() & 0x7fff; // the top bit is reserved (RFC 7296 3.15.1)
            int length = r.u16();
            if (length > r.remaining()) {
                throw syntax("configuration attribute " + attrType + " runs past the payload");
            }
            attributes.add(new ConfigPayload.Attribute(attrType, r.bytes(length)));
        }
        return new ConfigPayload(cfgType, attributes);
    }

    private static EapPayload eap(BoundedReader r) throws IkeDecodeException {
        minimum(r, 4, "EAP");
        byte[] message = r.rest();
        int eapLength = ((message[2] & 0xff) << 8) | (message[3] & 0xff);
        if (eapLength != message.length) {
            // RFC 3748 4.1: the EAP length covers the whole EAP packet, which fills the payload
            throw syntax("EAP length " + eapLength + " in a payload of " + message.length + " octets");
        }
        return new EapPayload(message);
    }

    private static EncryptedFragmentPayload fragment(int next, BoundedReader r) throws IkeDecodeException {
        minimum(r, 4, "SKF");
        int number = r.u16();
        int total = r.u16();
        // RFC 7383 2.6: such a fragment cannot be authenticated into any message, so it is dropped
        if (total == 0 || number == 0 || number > total) {
            throw IkeDecodeException.drop("fragment " + number + " of " + total);
        }
        if (total > MAX_FRAGMENTS) {
            throw IkeDecodeException.drop("message in " + total + " fragments, at most " + MAX_FRAGMENTS);
        }
        return new EncryptedFragmentPayload(next, number, total, r.rest());
    }

    static void minimum(BoundedReader r, int octets, String what) throws IkeDecodeException {
        if (r.remaining() < octets) {
            throw syntax(what + " payload length " + (GENERIC_HEADER_LENGTH + r.remaining())
                    + " below " + (GENERIC_HEADER_LENGTH + octets));
        }
    }

    static IkeDecodeException syntax(String reason) {
        return new IkeDecodeException(NotifyType.INVALID_SYNTAX, reason);
    }
}
