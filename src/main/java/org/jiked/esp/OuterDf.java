package org.jiked.esp;

import java.nio.ByteBuffer;

/**
 * Whether the outer IPv4 header of an SA's ESP packets carries DF, from the VPN's {@code df-bit}
 * (RFC 4301 section 8.1): always, never, or as the inner packet has it. An inner IPv6 packet has
 * no DF bit but is never fragmented on its way either, so {@link #COPY} treats it as set, as RFC
 * 4301 section 8.1 suggests for an inner header without the bit.
 */
public enum OuterDf {
    CLEAR, SET, COPY;

    /** Whether the ESP packet carrying {@code inner[position, limit)} leaves with DF. */
    public boolean df(ByteBuffer inner) {
        return switch (this) {
            case CLEAR -> false;
            case SET -> true;
            case COPY -> innerDf(inner);
        };
    }

    /** The inner packet's DF: its IPv4 header's flag, true for IPv6 (and for anything shorter than a header). */
    static boolean innerDf(ByteBuffer inner) {
        int at = inner.position();
        if (inner.remaining() < 20 || (inner.get(at) & 0xf0) != 0x40) {
            return true;
        }
        return (inner.get(at + 6) & 0x40) != 0;
    }
}
