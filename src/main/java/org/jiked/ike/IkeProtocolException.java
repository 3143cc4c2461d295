package org.jiked.ike;

import org.jiked.wire.NotifyType;
import org.jiked.wire.payload.NotifyPayload;

/**
 * A failure that is answered with an error notify (RFC 7296 section 2.21). {@code fatal} says
 * whether the IKE SA is lost (for example AUTHENTICATION_FAILED) or only the exchange or CHILD_SA
 * (NO_PROPOSAL_CHOSEN in CREATE_CHILD_SA, TS_UNACCEPTABLE).
 */
public final class IkeProtocolException extends Exception {
    private final int notifyType;
    private final byte[] data;
    private final boolean fatal;

    public IkeProtocolException(int notifyType, String reason, boolean fatal) {
        this(notifyType, new byte[0], reason, fatal);
    }

    public IkeProtocolException(int notifyType, byte[] data, String reason, boolean fatal) {
        super(reason);
        this.notifyType = notifyType;
        this.data = data.clone();
        this.fatal = fatal;
    }

    public static IkeProtocolException invalidKe(int group) {
        return new IkeProtocolException(NotifyType.INVALID_KE_PAYLOAD, new byte[] {(byte) (group >>> 8), (byte) group},
                "key exchange group mismatch, group " + group + " expected", false);
    }

    public int notifyType() {
        return notifyType;
    }

    public boolean fatal() {
        return fatal;
    }

    public NotifyPayload toNotify() {
        return NotifyPayload.of(notifyType, data);
    }
}
