package org.jiked.config.model;

/**
 * Values of {@code df-bit} at {@code [edit security ipsec vpn NAME]}: how the outer header's
 * Don't Fragment bit is set on ESP packets (RFC 4301 section 8.1).
 */
public enum DfBit implements Keyword {
    /** Never set: the outer packet may be fragmented on the way (Junos default). */
    CLEAR("clear"),
    /** Always set. */
    SET("set"),
    /** Copied from the inner packet. */
    COPY("copy");

    private final String keyword;

    DfBit(String keyword) {
        this.keyword = keyword;
    }

    @Override
    public String keyword() {
        return keyword;
    }
}
