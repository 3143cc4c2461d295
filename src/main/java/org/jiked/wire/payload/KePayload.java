package org.jiked.wire.payload;

import org.jiked.wire.PayloadType;

/** Key Exchange payload (RFC 7296 section 3.4). */
public record KePayload(int dhGroup, byte[] keyData) implements Payload {
    public KePayload {
        keyData = keyData.clone();
    }

    @Override
    public int type() {
        return PayloadType.KE;
    }
}
