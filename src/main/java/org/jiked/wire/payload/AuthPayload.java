package org.jiked.wire.payload;

import org.jiked.wire.PayloadType;

/** Authentication payload (RFC 7296 section 3.8). */
public record AuthPayload(int method, byte[] data) implements Payload {
    public AuthPayload {
        data = data.clone();
    }

    @Override
    public int type() {
        return PayloadType.AUTH;
    }
}
