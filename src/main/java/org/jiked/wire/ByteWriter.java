package org.jiked.wire;

import java.util.Arrays;

/**
 * A growable big-endian output buffer (RFC 7296 section 3: all integers in network order).
 * Length fields are written as placeholders and patched once the region they cover is complete.
 */
final class ByteWriter {
    private byte[] buf;
    private int size;

    ByteWriter() {
        this(256);
    }

    ByteWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    int size() {
        return size;
    }

    ByteWriter u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    ByteWriter u16(int v) {
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    ByteWriter u32(long v) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buf[size++] = (byte) (v >>> shift);
        }
        return this;
    }

    ByteWriter u64(long v) {
        u32(v >>> 32);
        return u32(v);
    }

    ByteWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    ByteWriter bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    ByteWriter zeros(int n) {
        ensure(n);
        size += n; // the buffer is zero-filled beyond size
        return this;
    }

    void putU16At(int at, int v) {
        buf[at] = (byte) (v >>> 8);
        buf[at + 1] = (byte) v;
    }

    void putU8At(int at, int v) {
        buf[at] = (byte) v;
    }

    void putU32At(int at, long v) {
        for (int i = 0; i < 4; i++) {
            buf[at + i] = (byte) (v >>> (24 - 8 * i));
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int n) {
        if (n > buf.length - size) {
            int want = Math.max(buf.length * 2, size + n);
            buf = Arrays.copyOf(buf, want);
        }
    }
}
