package org.jiked.wire;

import static org.jiked.wire.PayloadDecoder.syntax;

import java.util.ArrayList;
import java.util.List;
import org.jiked.wire.payload.SaPayload;
import org.jiked.wire.payload.SaPayload.Proposal;
import org.jiked.wire.payload.SaPayload.Transform;
import org.jiked.wire.payload.SaPayload.TransformAttribute;

/**
 * Decoder of the Security Association payload body (RFC 7296 section 3.3): proposals, their
 * transforms and the transform attributes, each a length-prefixed region nested in the one
 * before. The reader is narrowed to each region in turn, so a substructure whose length
 * disagrees with its content is caught at the level where it occurs.
 */
final class SaDecoder {
    static final int LAST = 0;
    static final int MORE_PROPOSALS = 2;
    static final int MORE_TRANSFORMS = 3;
    static final int SUBSTRUCTURE_HEADER = 8;
    private static final int ATTRIBUTE_FORMAT_TV = 0x8000;

    private SaDecoder() {}

    static SaPayload decode(BoundedReader r) throws IkeDecodeException {
        List<Proposal> proposals = new ArrayList<>();
        boolean more = true;
        while (more) {
            if (r.remaining() < SUBSTRUCTURE_HEADER) {
                throw syntax(!r.hasRemaining() && proposals.isEmpty()
                        ? "SA payload without a proposal" : "proposal header truncated");
            }
            int last = r.u8();
            if (last != LAST && last != MORE_PROPOSALS) {
                throw syntax("proposal 'last substructure' value " + last);
            }
            r.skip(1);
            int length = r.u16();
            if (length < SUBSTRUCTURE_HEADER) {
                throw syntax("proposal length " + length + " below 8");
            }
            if (length - 4 > r.remaining()) {
                throw syntax("proposal of length " + length + " runs past the SA payload");
            }
            int saved = r.setActive(length - 4);
            proposals.add(proposal(r));
            if (r.hasRemaining()) {
                throw syntax("proposal is longer than its transforms");
            }
            r.restoreActive(saved);
            more = last == MORE_PROPOSALS;
        }
        if (r.hasRemaining()) {
            throw syntax("octets after the last proposal");
        }
        checkNumbering(proposals);
        return new SaPayload(proposals);
    }

    /**
     * RFC 7296 3.3.1: offered proposals are numbered 1, 2, 3, ... An accepted proposal carries the
     * number it had in the offer, so a single proposal may have any non-zero number.
     */
    private static void checkNumbering(List<Proposal> proposals) throws IkeDecodeException {
        if (proposals.size() == 1) {
            if (proposals.getFirst().number() == 0) {
                throw syntax("proposal number 0");
            }
            return;
        }
        for (int i = 0; i < proposals.size(); i++) {
            if (proposals.get(i).number() != i + 1) {
                throw syntax("proposal " + (i + 1) + " numbered " + proposals.get(i).number());
            }
        }
    }

    private static Proposal proposal(BoundedReader r) throws IkeDecodeException {
        int number = r.u8();
        int protocol = r.u8();
        int spiSize = r.u8();
        int transformCount = r.u8();
        if (spiSize != 0 && spiSize != 4 && spiSize != 8) {
            throw syntax("proposal SPI size " + spiSize);
        }
        if (spiSize > r.remaining()) {
            throw syntax("proposal SPI runs past the proposal");
        }
        byte[] spi = r.bytes(spiSize);
        List<Transform> transforms = new ArrayList<>(transformCount);
        for (int i = 0; i < transformCount; i++) {
            transforms.add(transform(r, i == transformCount - 1));
        }
        if (r.hasRemaining()) {
            throw syntax("proposal holds more than its " + transformCount + " transforms");
        }
        return new Proposal(number, protocol, spi, transforms);
    }

    private static Transform transform(BoundedReader r, boolean expectLast) throws IkeDecodeException {
        if (r.remaining() < SUBSTRUCTURE_HEADER) {
            throw syntax("proposal holds fewer transforms than it counts");
        }
        int last = r.u8();
        if (last != (expectLast ? LAST : MORE_TRANSFORMS)) {
            throw syntax("transform 'last substructure' value " + last + " disagrees with the transform count");
        }
        r.skip(1);
        int length = r.u16();
        if (length < SUBSTRUCTURE_HEADER) {
            throw syntax("transform length " + length + " below 8");
        }
        if (length - 4 > r.remaining()) {
            throw syntax("transform of length " + length + " runs past the proposal");
        }
        int saved = r.setActive(length - 4);
        int type = r.u8();
        r.skip(1);
        int id = r.u16();
        List<TransformAttribute> attributes = new ArrayList<>();
        while (r.hasRemaining()) {
            attributes.add(attribute(r));
        }
        r.restoreActive(saved);
        return new Transform(type, id, attributes);
    }

    /** RFC 7296 3.3.5: AF set means TV (two-octet value in place), clear means TLV. */
    private static TransformAttribute attribute(BoundedReader r) throws IkeDecodeException {
        if (r.remaining() < 4) {
            throw syntax("transform attribute header runs past the transform");
        }
        int word = r.u16();
        int type = word & ~ATTRIBUTE_FORMAT_TV;
        if ((word & ATTRIBUTE_FORMAT_TV) != 0) {
            return new TransformAttribute(type, true, r.bytes(2));
        }
        int length = r.u16();
        if (length > r.remaining()) {
            throw syntax("transform attribute " + type + " runs past the transform");
        }
        return new TransformAttribute(type, false, r.bytes(length));
    }
}
