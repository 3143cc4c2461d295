package org.jiked.esp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** {@code df-bit clear|set|copy} as the choice for one inner packet (RFC 4301 section 8.1). */
class OuterDfTest {

    /** An IPv4 header (and 8 octets of payload) with the flags octet {@code flags}, at {@code offset} of its buffer. */
    static ByteBuffer ipv4(int flags, int offset) {
        ByteBuffer b = ByteBuffer.allocate(offset + 28);
        b.put(offset, (byte) 0x45).put(offset + 6, (byte) flags).put(offset + 9, (byte) 17);
        return b.position(offset);
    }

    static ByteBuffer ipv6() {
        ByteBuffer b = ByteBuffer.allocate(48);
        b.put(0, (byte) 0x60);
        return b;
    }

    @Test
    void copyFollowsTheInnerIpv4DfBitAndReadsFromThePosition() {
        assertTrue(OuterDf.COPY.df(ipv4(0x40, 0)));
        assertFalse(OuterDf.COPY.df(ipv4(0x00, 0)));
        // MF alone, or a fragment offset, is not DF
        assertFalse(OuterDf.COPY.df(ipv4(0x20, 0)));
        assertFalse(OuterDf.COPY.df(ipv4(0x1f, 0)));
        assertTrue(OuterDf.COPY.df(ipv4(0x40, 12)));
        assertFalse(OuterDf.COPY.df(ipv4(0x00, 12)));
    }

    @Test
    void copyTreatsInnerIpv6AsSet() {
        assertTrue(OuterDf.COPY.df(ipv6()));
    }

    @Test
    void setAndClearIgnoreTheInnerPacket() {
        for (ByteBuffer inner : new ByteBuffer[] {ipv4(0x40, 0), ipv4(0, 0), ipv6()}) {
            assertTrue(OuterDf.SET.df(inner));
            assertFalse(OuterDf.CLEAR.df(inner));
        }
    }
}
