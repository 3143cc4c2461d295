package org.jiked.wire;

/** Security protocol identifiers (RFC 7296 section 3.3.1). */
public final class ProtocolId {
    private ProtocolId() {}

    public static final int NONE = 0;
    public static final int IKE = 1;
    public static final int AH = 2;
    public static final int ESP = 3;
}
