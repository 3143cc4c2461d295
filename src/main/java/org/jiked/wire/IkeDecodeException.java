package org.jiked.wire;

/**
 * A message that cannot be decoded. {@code notifyType} is what the RFC says to answer with
 * ({@link NotifyType#INVALID_SYNTAX}, {@link NotifyType#UNSUPPORTED_CRITICAL_PAYLOAD}, ...),
 * or 0 when the message must be dropped silently. {@code notifyData} is the notification data
 * (for UNSUPPORTED_CRITICAL_PAYLOAD, the one-octet payload type).
 */
public final class IkeDecodeException extends Exception {
    private final int notifyType;
    private final byte[] notifyData;

    public IkeDecodeException(int notifyType, String reason) {
        this(notifyType, reason, new byte[0]);
    }

    public IkeDecodeException(int notifyType, String reason, byte[] notifyData) {
        super(reason);
        this.notifyType = notifyType;
        this.notifyData = notifyData.clone();
    }

    public static IkeDecodeException drop(String reason) {
        return new IkeDecodeException(0, reason);
    }

    public int notifyType() {
        return notifyType;
    }

    public byte[] notifyData() {
        return notifyData.clone();
    }
}
