package org.jiked.wire;

/** Traffic selector types (RFC 7296 section 3.13.1). */
public final class TsType {
    private TsType() {}

    public static final int TS_IPV4_ADDR_RANGE = 7;
    public static final int TS_IPV6_ADDR_RANGE = 8;
}
