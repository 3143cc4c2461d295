package org.jiked.wire.payload;

import org.jiked.wire.PayloadType;

/**
 * Encrypted and Authenticated payload, SK (RFC 7296 section 3.14), still sealed:
 * {@code body} is iv || ciphertext || icv, {@code firstInnerType} the type of the first inner payload.
 */
public record EncryptedPayload(int firstInnerType, byte[] body) implements Payload {
    public EncryptedPayload {
        body = body.clone();
    }

    @Override
    public int type() {
        return PayloadType.SK;
    }
}
