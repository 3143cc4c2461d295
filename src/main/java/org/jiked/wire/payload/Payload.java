package org.jiked.wire.payload;

/** One IKEv2 payload (RFC 7296 section 3.2 and following). */
public sealed interface Payload permits SaPayload, KePayload, IdPayload, CertPayload, CertReqPayload,
        AuthPayload, NoncePayload, NotifyPayload, DeletePayload, VendorIdPayload, TsPayload,
        EncryptedPayload, EncryptedFragmentPayload, ConfigPayload, EapPayload, UnknownPayload {
    /** The payload type number of {@link org.jiked.wire.PayloadType}. */
    int type();
}
