package org.jiked.esp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The anti-replay window of RFC 4303 section 3.4.3 and appendix A, check then mark. */
class ReplayWindowTest {

    static boolean accept(ReplayWindow w, long seq) {
        long s = w.check((int) seq);
        if (s < 0) {
            return false;
        }
        assertEquals(seq, s);
        w.mark(s);
        return true;
    }

    @Test
    void acceptsReorderingWithinTheWindowAndNothingTwice() {
        ReplayWindow w = new ReplayWindow(64, false);
        assertEquals(-1, w.check(0), "sequence number 0 is never sent");
        for (long s : new long[] {1, 3, 2, 100, 50, 37}) {
            assertEquals(true, accept(w, s), "seq " + s);
        }
        assertEquals(false, accept(w, 3), "3 is left of the window 37..100");
        assertEquals(false, accept(w, 36));
        assertEquals(false, accept(w, 50), "seen");
        assertEquals(true, accept(w, 99));
        assertEquals(true, accept(w, 1000));
        assertEquals(false, accept(w, 936));
        assertEquals(true, accept(w, 937));
    }

    @Test
    void checkDoesNotMark() {
        ReplayWindow w = new ReplayWindow(64, false);
        assertEquals(5, w.check(5));
        assertEquals(5, w.check(5));
        w.mark(5);
        assertEquals(-1, w.check(5));
    }

    @Test
    void largeWindowsTrackEveryBit() {
        ReplayWindow w = new ReplayWindow(4096, false);
        for (long s = 4096; s >= 1; s -= 2) {
            assertEquals(true, accept(w, s));
        }
        for (long s = 4096; s >= 1; s--) {
            assertEquals(s % 2 == 1, accept(w, s), "seq " + s);
        }
        assertEquals(true, accept(w, 10_000));
        assertEquals(false, accept(w, 10_000 - 4096));
        assertEquals(true, accept(w, 10_000 - 4095));
    }

    @Test
    void extendedSequenceNumbersCrossTheLowHalfWrap() {
        ReplayWindow w = new ReplayWindow(64, true);
        assertEquals(true, accept(w, 0xffff_fff0L));
        assertEquals(0x1_0000_0002L, w.check(2));
        w.mark(0x1_0000_0002L);
        // a late packet from before the wrap is still placed in the old subspace
        assertEquals(0xffff_fffaL, w.check(0xffff_fffa));
        assertEquals(-1, w.check(0xffff_fff0));
        assertEquals(-1, w.check(2));
    }

    @Test
    void zeroTurnsReplayChecksOffAndOtherSizesOutOfRangeAreRefused() {
        ReplayWindow w = new ReplayWindow(0, false);
        w.mark(5);
        assertEquals(5, w.check(5));
        assertThrows(IllegalArgumentException.class, () -> new ReplayWindow(32, false));
        assertThrows(IllegalArgumentException.class, () -> new ReplayWindow(8192, false));
    }
}
