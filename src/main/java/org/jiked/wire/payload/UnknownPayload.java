package org.jiked.wire.payload;

/** A payload of a type jiked does not know, kept so it can be skipped or re-encoded. */
public record UnknownPayload(int type, boolean critical, byte[] body) implements Payload {
    public UnknownPayload {
        body = body.clone();
    }
}
