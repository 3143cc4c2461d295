package org.jiked.wire.payload;

import org.jiked.wire.PayloadType;

/** Certificate Request payload (RFC 7296 section 3.7); for X.509 the data is concatenated SHA-1 key hashes. */
public record CertReqPayload(int encoding, byte[] data) implements Payload {
    public CertReqPayload {
        data = data.clone();
    }

    @Override
    public int type() {
        return PayloadType.CERTREQ;
    }
}
