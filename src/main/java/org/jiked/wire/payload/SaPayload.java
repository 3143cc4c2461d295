package org.jiked.wire.payload;

import java.util.List;
import org.jiked.wire.PayloadType;

/** Security Association payload (RFC 7296 section 3.3). */
public record SaPayload(List<Proposal> proposals) implements Payload {
    public SaPayload {
        proposals = List.copyOf(proposals);
    }

    @Override
    public int type() {
        return PayloadType.SA;
    }

    /** A proposal substructure: number (1-based), protocol, SPI (0, 4 or 8 octets), transforms. */
    public record Proposal(int number, int protocolId, byte[] spi, List<Transform> transforms) {
        public Proposal {
            spi = spi.clone();
            transforms = List.copyOf(transforms);
        }

        public List<Transform> ofType(int transformType) {
            return transforms.stream().filter(t -> t.type() == transformType).toList();
        }
    }

    /** A transform substructure; {@code attributes} in wire order. */
    public record Transform(int type, int id, List<TransformAttribute> attributes) {
        public Transform {
            attributes = List.copyOf(attributes);
        }

        public static Transform of(int type, int id) {
            return new Transform(type, id, List.of());
        }

        public static Transform withKeyLength(int type, int id, int keyLengthBits) {
            return new Transform(type, id, List.of(TransformAttribute.keyLength(keyLengthBits)));
        }

        /** The key length attribute in bits, or 0 when absent. */
        public int keyLength() {
            for (TransformAttribute a : attributes) {
                if (a.type() == org.jiked.wire.TransformType.ATTR_KEY_LENGTH && a.tv()) {
                    return a.shortValue();
                }
            }
            return 0;
        }
    }

    /**
     * A transform attribute. TV format ({@code tv} true) carries a two-octet value in {@code value};
     * TLV format carries a variable value.
     */
    public record TransformAttribute(int type, boolean tv, byte[] value) {
        public TransformAttribute {
            value = value.clone();
        }

        public static TransformAttribute keyLength(int bits) {
            return new TransformAttribute(org.jiked.wire.TransformType.ATTR_KEY_LENGTH, true,
                    new byte[] {(byte) (bits >>> 8), (byte) bits});
        }

        public int shortValue() {
            return value.length == 2 ? ((value[0] & 0xff) << 8) | (value[1] & 0xff) : -1;
        }
    }
}
