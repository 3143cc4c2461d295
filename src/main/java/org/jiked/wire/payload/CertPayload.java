package org.jiked.wire.payload;

import org.jiked.wire.PayloadType;

/** Certificate payload (RFC 7296 section 3.6); encoding 4 is an X.509 certificate in DER. */
public record CertPayload(int encoding, byte[] data) implements Payload {
    public static final int X509_CERTIFICATE_SIGNATURE = 4;
    public static final int CRL = 7;

    public CertPayload {
        data = data.clone();
    }

    @Override
    public int type() {
        return PayloadType.CERT;
    }
}
