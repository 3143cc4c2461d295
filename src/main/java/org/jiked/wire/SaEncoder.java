package org.jiked.wire;

import static org.jiked.wire.PayloadEncoder.octet;
import static org.jiked.wire.PayloadEncoder.u16;

import java.util.List;
import org.jiked.wire.payload.SaPayload;
import org.jiked.wire.payload.SaPayload.Proposal;
import org.jiked.wire.payload.SaPayload.Transform;
import org.jiked.wire.payload.SaPayload.TransformAttribute;

/**
 * Encoder of the Security Association payload body (RFC 7296 section 3.3): proposals with their
 * 'last substructure' values (0 / 2), transforms (0 / 3) and TV or TLV attributes.
 */
final class SaEncoder {
    private SaEncoder() {}

    static void encode(SaPayload sa, ByteWriter w) {
        List<Proposal> proposals = sa.proposals();
        if (proposals.isEmpty()) {
            throw new IllegalArgumentException("SA payload needs a proposal");
        }
        for (int i = 0; i < proposals.size(); i++) {
            Proposal p = proposals.get(i);
            if (p.number() < 1 || p.number() > 0xff || (proposals.size() > 1 && p.number() != i + 1)) {
                throw new IllegalArgumentException("proposal " + (i + 1) + " numbered " + p.number());
            }
            boolean last = i == proposals.size() - 1;
            int start = w.size();
            byte[] spi = p.spi();
            if (spi.length != 0 && spi.length != 4 && spi.length != 8) {
                throw new IllegalArgumentException("proposal SPI of " + spi.length + " octets");
            }
            List<Transform> transforms = p.transforms();
            w.u8(last ? SaDecoder.LAST : SaDecoder.MORE_PROPOSALS).u8(0).u16(0)
                    .u8(p.number()).u8(octet(p.protocolId(), "protocol"))
                    .u8(spi.length).u8(octet(transforms.size(), "transform count")).bytes(spi);
            for (int t = 0; t < transforms.size(); t++) {
                transform(transforms.get(t), t == transforms.size() - 1, w);
            }
            w.putU16At(start + 2, u16(w.size() - start, "proposal length"));
        }
    }

    private static void transform(Transform t, boolean last, ByteWriter w) {
        int start = w.size();
        w.u8(last ? SaDecoder.LAST : SaDecoder.MORE_TRANSFORMS).u8(0).u16(0)
                .u8(octet(t.type(), "transform type")).u8(0).u16(u16(t.id(), "transform ID"));
        for (TransformAttribute a : t.attributes()) {
            if (a.type() < 0 || a.type() > 0x7fff) {
                throw new IllegalArgumentException("transform attribute type " + a.type());
            }
            byte[] value = a.value();
            if (a.tv()) {
                if (value.length != 2) {
                    throw new IllegalArgumentException("TV attribute with a value of " + value.length + " octets");
                }
                w.u16(0x8000 | a.type()).bytes(value);
            } else {
                w.u16(a.type()).u16(u16(value.length, "attribute length")).bytes(value);
            }
        }
        w.putU16At(start + 2, u16(w.size() - start, "transform length"));
    }
}
