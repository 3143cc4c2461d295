package org.jiked.wire.payload;

import org.jiked.wire.PayloadType;

/**
 * Encrypted and Authenticated Fragment payload, SKF (RFC 7383 section 2.5), still sealed.
 * {@code firstInnerType} is non-zero only in fragment number 1.
 */
public record EncryptedFragmentPayload(int firstInnerType, int fragmentNumber, int totalFragments, byte[] body)
        implements Payload {
    public EncryptedFragmentPayload {
        body = body.clone();
    }

    @Override
    public int type() {
        return PayloadType.SKF;
    }
}
