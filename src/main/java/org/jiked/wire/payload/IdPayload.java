package org.jiked.wire.payload;

import org.jiked.wire.PayloadType;

/** Identification payload, IDi or IDr (RFC 7296 section 3.5). {@code data} is the identification data. */
public record IdPayload(boolean responder, int idType, byte[] data) implements Payload {
    public IdPayload {
        data = data.clone();
    }

    @Override
    public int type() {
        return responder ? PayloadType.IDR : PayloadType.IDI;
    }

    /**
     * The octets an AUTH payload signs: ID Type, three RESERVED octets, and the data
     * (RFC 7296 section 2.15, "RestOfInitIDPayload").
     */
    public byte[] bodyForAuth() {
        byte[] b = new byte[4 + data.length];
        b[0] = (byte) idType;
        System.arraycopy(data, 0, b, 4, data.length);
        return b;
    }
}
