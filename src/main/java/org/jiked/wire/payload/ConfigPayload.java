package org.jiked.wire.payload;

import java.util.List;
import org.jiked.wire.PayloadType;

/** Configuration payload (RFC 7296 section 3.15). */
public record ConfigPayload(int cfgType, List<Attribute> attributes) implements Payload {
    public static final int CFG_REQUEST = 1;
    public static final int CFG_REPLY = 2;
    public static final int CFG_SET = 3;
    public static final int CFG_ACK = 4;

    public ConfigPayload {
        attributes = List.copyOf(attributes);
    }

    @Override
    public int type() {
        return PayloadType.CP;
    }

    /** One configuration attribute; {@code type} is 15 bits (the top bit is reserved). */
    public record Attribute(int type, byte[] value) {
        public Attribute {
            value = value.clone();
        }
    }
}
