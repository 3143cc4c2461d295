package org.jiked.wire;

/**
 * A cursor over a byte array with a movable end, for the nested length-prefixed regions of an IKE
 * message (RFC 7296 section 3: message &gt; payload &gt; proposal &gt; transform &gt; attribute).
 *
 * <p>{@link #setActive} narrows the readable region to the next {@code n} octets so that a
 * substructure can never read into its parent's siblings; {@link #restoreActive} widens it again.
 * Every read checks the active region first and fails with INVALID_SYNTAX rather than an
 * unchecked exception, so a missed check in a decoder still yields a clean rejection.
 */
final class BoundedReader {
    private final byte[] buf;
    private int pos;
    private int end;

    BoundedReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    BoundedReader(byte[] buf, int offset, int length) {
        if (offset < 0 || length < 0 || length > buf.length - offset) {
            throw new IllegalArgumentException("region outside buffer");
        }
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return end - pos;
    }

    boolean hasRemaining() {
        return pos < end;
    }

    /** Limits reading to the next {@code length} octets; returns the token for {@link #restoreActive}. */
    int setActive(int length) throws IkeDecodeException {
        require(length);
        int saved = end;
        end = pos + length;
        return saved;
    }

    /** Undoes {@link #setActive}; the position stays where the substructure's reader left it. */
    void restoreActive(int savedEnd) {
        if (savedEnd < end || savedEnd > buf.length) {
            throw new IllegalStateException("restoreActive out of order");
        }
        end = savedEnd;
    }

    int u8() throws IkeDecodeException {
        require(1);
        return buf[pos++] & 0xff;
    }

    int u16() throws IkeDecodeException {
        require(2);
        int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    long u32() throws IkeDecodeException {
        require(4);
        long v = ((long) (buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16)
                | ((buf[pos + 2] & 0xff) << 8) | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    long u64() throws IkeDecodeException {
        long hi = u32();
        return (hi << 32) | u32();
    }

    /** Copies the next {@code n} octets; the bound is checked before the array is allocated. */
    byte[] bytes(int n) throws IkeDecodeException {
        require(n);
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    /** The rest of the active region. */
    byte[] rest() throws IkeDecodeException {
        return bytes(remaining());
    }

    void skip(int n) throws IkeDecodeException {
        require(n);
        pos += n;
    }

    private void require(int n) throws IkeDecodeException {
        if (n < 0 || n > end - pos) {
            throw new IkeDecodeException(NotifyType.INVALID_SYNTAX,
                    "need " + n + " octets at offset " + pos + ", " + (end - pos) + " left");
        }
    }
}
