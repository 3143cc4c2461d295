package org.jiked.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BoundedReaderTest {

    @Test
    void activeRegionConfinesReadsUntilRestored() throws Exception {
        BoundedReader r = new BoundedReader(new byte[] {1, 2, 3, 4, 5, 6});
        assertEquals(1, r.u8());
        int saved = r.setActive(2);
        assertEquals(0x0203, r.u16());
        assertFalse(r.hasRemaining());
        IkeDecodeException e = assertThrows(IkeDecodeException.class, r::u8);
        assertEquals(NotifyType.INVALID_SYNTAX, e.notifyType());
        r.restoreActive(saved);
        assertArrayEquals(new byte[] {4, 5, 6}, r.rest());
    }

    @Test
    void regionLargerThanWhatIsLeftIsRefused() throws Exception {
        BoundedReader r = new BoundedReader(new byte[] {1, 2, 3}, 1, 2);
        assertThrows(IkeDecodeException.class, () -> r.setActive(3));
        assertThrows(IkeDecodeException.class, () -> r.bytes(-1));
        assertThrows(IkeDecodeException.class, () -> r.bytes(3));
        assertEquals(2, r.remaining());
        assertThrows(IkeDecodeException.class, r::u32);
        assertEquals(0x0203, r.u16());
    }

    @Test
    void wideIntegersAreUnsigned() throws Exception {
        BoundedReader r = new BoundedReader(Hex.decode("ffffffff 8000000000000001"));
        assertEquals(0xffffffffL, r.u32());
        assertEquals(0x8000000000000001L, r.u64());
    }

    @Test
    void writerPatchesLengthsInPlace() {
        ByteWriter w = new ByteWriter(1);
        w.u8(0xab).u16(0).zeros(3).u64(-1L);
        w.putU16At(1, 0x1234);
        w.putU32At(3, 0xdeadbeefL);
        assertArrayEquals(Hex.decode("ab 1234 deadbeef ffffffffffffff"), java.util.Arrays.copyOf(w.toByteArray(), 14));
        assertEquals(14, w.size());
    }
}
