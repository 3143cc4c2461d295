package org.jiked.esp;

/**
 * The receiver's anti-replay window (RFC 4303 section 3.4.3) with extended sequence numbers
 * (RFC 4303 appendix A), kept as the ring of 64-bit words of RFC 6479: sliding the window clears
 * whole words instead of shifting the bitmap.
 *
 * <p>Use it in the order RFC 4303 requires: {@link #check} before the ICV is verified, so that a
 * replayed packet costs no cryptography; {@link #mark} only after it verified, so that forged
 * packets cannot move the window. {@link #check} also recovers the high 32 bits of an extended
 * sequence number, which the ICV covers but the packet does not carry.
 */
public final class ReplayWindow {
    public static final int DEFAULT_SIZE = 64;
    public static final int MAX_SIZE = 4096;

    private final int size;
    private final long[] ring;
    private final int wordMask;
    private final boolean esn;
    /** The highest sequence number that authenticated; 0 before the first packet. */
    private long top;

    /**
     * @param size the window in packets, 64 to 4096; 0 turns replay checks off (Junos
     *             {@code no-anti-replay}) while still tracking sequence numbers for ESN
     * @param esn whether the SA negotiated extended (64-bit) sequence numbers
     */
    public ReplayWindow(int size, boolean esn) {
        if (size != 0 && (size < 64 || size > MAX_SIZE)) {
            throw new IllegalArgumentException("replay window size " + size + " outside 64.." + MAX_SIZE);
        }
        this.size = size;
        this.esn = esn;
        // RFC 6479: one spare word beyond the window, the ring a power of two so indices are masks
        int words = Integer.highestOneBit(Math.max(1, (size + 63) / 64 + 1) * 2 - 1);
        this.ring = new long[words];
        this.wordMask = words - 1;
    }

    public int size() {
        return size;
    }

    /** The highest authenticated sequence number so far. */
    public synchronized long highest() {
        return top;
    }

    /**
     * The full sequence number of a packet carrying {@code seqLow}, or -1 if it is a replay, left
     * of the window, or the never-sent 0.
     */
    public synchronized long check(int seqLow) {
        long seq = infer(seqLow & 0xffffffffL);
        if (seq <= 0) {
            return -1;
        }
        if (size == 0 || seq > top) {
            return seq;
        }
        long behind = top - seq;
        if (behind >= size) {
            return -1;
        }
        return (ring[(int) (seq >>> 6) & wordMask] & (1L << (seq & 63))) != 0 ? -1 : seq;
    }

    /** Records an authenticated sequence number, sliding the window if it is the new highest. */
    public synchronized void mark(long seq) {
        if (seq > top) {
            long oldWord = top >>> 6;
            long newWord = seq >>> 6;
            long clear = Math.min(newWord - oldWord, ring.length);
            for (long i = 1; i <= clear; i++) {
                ring[(int) (oldWord + i) & wordMask] = 0;
            }
            top = seq;
        }
        ring[(int) (seq >>> 6) & wordMask] |= 1L << (seq & 63);
    }

    /** RFC 4303 appendix A2.2: place the low 32 bits next to the window's top. */
    private long infer(long seqLow) {
        if (!esn) {
            return seqLow;
        }
        long w = Math.max(size, DEFAULT_SIZE);
        long tl = top & 0xffffffffL;
        long th = top >>> 32;
        long seqHigh;
        if (tl >= w - 1) {
            // the window lies within one 2^32 subspace; a lower value has wrapped into the next
            seqHigh = seqLow >= tl - w + 1 ? th : th + 1;
        } else {
            // the window spans two subspaces: values above its bottom belong to the previous one
            long bottom = (tl - w + 1) & 0xffffffffL;
            seqHigh = seqLow >= bottom ? th - 1 : th;
        }
        if (seqHigh < 0) {
            seqHigh = 0;
        }
        return (seqHigh << 32) | seqLow;
    }
}
