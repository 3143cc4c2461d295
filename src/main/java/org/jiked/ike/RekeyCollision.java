package org.jiked.ike;

import java.util.Arrays;
import org.jiked.child.ChildSa;

/**
 * A simultaneous rekey (RFC 7296 section 2.8.1): the CHILD_SA the peer created by its own rekey
 * of the same SA, and the nonces of the peer's exchange. Of the two new SAs, the one created with
 * the lowest of the four nonces is redundant and is closed by the side that created it; the
 * other side, whose SA survives, deletes the old one.
 */
record RekeyCollision(ChildSa peersNewChild, byte[] peersNi, byte[] ourNr) {

    /** True when the SA of our own exchange (nonces {@code ourNi}, {@code peersNr}) is the redundant one. */
    boolean oursIsRedundant(byte[] ourNi, byte[] peersNr) {
        byte[] lowestOurs = lower(ourNi, peersNr);
        byte[] lowestTheirs = lower(peersNi, ourNr);
        return compare(lowestOurs, lowestTheirs) < 0;
    }

    private static byte[] lower(byte[] a, byte[] b) {
        return compare(a, b) <= 0 ? a : b;
    }

    /** Nonces compare as unsigned big-endian numbers; a shorter one is padded with leading zeros. */
    static int compare(byte[] a, byte[] b) {
        int n = Math.max(a.length, b.length);
        byte[] pa = new byte[n];
        byte[] pb = new byte[n];
        System.arraycopy(a, 0, pa, n - a.length, a.length);
        System.arraycopy(b, 0, pb, n - b.length, b.length);
        return Arrays.compareUnsigned(pa, pb);
    }
}
