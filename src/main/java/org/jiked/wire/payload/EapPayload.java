package org.jiked.wire.payload;

import org.jiked.wire.PayloadType;

/** EAP payload (RFC 7296 section 3.16): one whole EAP message (code, identifier, length, data). */
public record EapPayload(byte[] eapMessage) implements Payload {
    public EapPayload {
        eapMessage = eapMessage.clone();
    }

    @Override
    public int type() {
        return PayloadType.EAP;
    }
}
