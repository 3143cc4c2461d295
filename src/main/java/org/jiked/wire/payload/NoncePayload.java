package org.jiked.wire.payload;

import org.jiked.wire.PayloadType;

/** Nonce payload (RFC 7296 section 3.9): 16 to 256 octets. */
public record NoncePayload(byte[] nonce) implements Payload {
    public NoncePayload {
        nonce = nonce.clone();
    }

    @Override
    public int type() {
        return PayloadType.NONCE;
    }
}
