package org.jiked.os;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * Native memory for one {@code recvmmsg} or {@code sendmmsg} call of up to {@link #capacity}
 * packets (see recvmmsg(2), sendmmsg(2)): an array of {@code struct mmsghdr}, one {@code iovec}
 * and one sockaddr per message, and the packets' octets, all allocated once in a confined arena.
 * For receiving each message has a slot of the largest packet; for sending, packets are packed
 * one after the other, so that many small packets and the odd large one share less memory. A
 * batch belongs to the thread that made it; {@link #close} frees it.
 *
 * <p>Layouts are those of 64-bit Linux: {@code struct msghdr} is 56 octets (msg_name at 0,
 * msg_namelen at 8, msg_iov at 16, msg_iovlen at 24, msg_control at 32, msg_controllen at 40,
 * msg_flags at 48), {@code struct mmsghdr} adds msg_len at 56 and is 64 octets, an iovec is 16.
 */
public final class PacketBatch implements AutoCloseable {
    static final int MMSGHDR = 64;
    private static final int MSG_NAME = 0;
    private static final int MSG_NAMELEN = 8;
    private static final int MSG_IOV = 16;
    private static final int MSG_IOVLEN = 24;
    private static final int MSG_LEN = 56;
    private static final int IOVEC = 16;
    private static final int SOCKADDR = 28;

    private final Arena arena = Arena.ofConfined();
    private final int capacity;
    private final int slot;
    final MemorySegment headers;
    private final MemorySegment iovecs;
    private final MemorySegment addresses;
    private final MemorySegment data;
    private final boolean[] failed;
    /** Messages filled (for sending) or received. */
    int count;
    /** Octets of {@link #data} taken by the packets queued for sending. */
    private long used;

    /** A batch of {@code capacity} packets of up to {@code slot} octets each (for receiving or sending). */
    public PacketBatch(int capacity, int slot) {
        this(capacity, slot, (long) slot * capacity);
    }

    /**
     * A batch for sending up to {@code capacity} packets of up to {@code slot} octets each and
     * of {@code bytes} octets in all; it is {@link #isFull full} when the next packet might not fit.
     */
    public PacketBatch(int capacity, int slot, long bytes) {
        if (bytes < slot) {
            throw new IllegalArgumentException("a batch of " + bytes + " octets cannot hold a packet of " + slot);
        }
        this.capacity = capacity;
        this.slot = slot;
        headers = arena.allocate((long) MMSGHDR * capacity, 8);
        iovecs = arena.allocate((long) IOVEC * capacity, 8);
        addresses = arena.allocate((long) SOCKADDR * capacity, 8);
        data = arena.allocate(bytes, 8);
        failed = new boolean[capacity];
        for (int i = 0; i < capacity; i++) {
            MemorySegment iov = iovecs.asSlice((long) IOVEC * i, IOVEC);
            iov.set(ValueLayout.ADDRESS, 0, data);
            iov.set(ValueLayout.JAVA_LONG, 8, 0);
            MemorySegment h = header(i);
            h.set(ValueLayout.ADDRESS, MSG_NAME, MemorySegment.NULL);
            h.set(ValueLayout.JAVA_INT, MSG_NAMELEN, 0);
            h.set(ValueLayout.ADDRESS, MSG_IOV, iov);
            h.set(ValueLayout.JAVA_LONG, MSG_IOVLEN, 1L);
        }
    }

    private MemorySegment header(int i) {
        return headers.asSlice((long) MMSGHDR * i, MMSGHDR);
    }

    public int capacity() {
        return capacity;
    }

    /** How many packets are queued (sending) or were received. */
    public int count() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** Whether another packet of up to a slot might not fit. */
    public boolean isFull() {
        return count == capacity || data.byteSize() - used < slot;
    }

    /**
     * Sets every message up for receiving a whole slot, without a source address. Only a batch
     * made with {@link #PacketBatch(int, int)} has a slot for each message.
     */
    void prepareReceive() {
        if (data.byteSize() < (long) slot * capacity) {
            throw new IllegalStateException("a packed batch is for sending only");
        }
        for (int i = 0; i < capacity; i++) {
            long h = (long) MMSGHDR * i;
            headers.set(ValueLayout.ADDRESS, h + MSG_NAME, MemorySegment.NULL);
            headers.set(ValueLayout.JAVA_INT, h + MSG_NAMELEN, 0);
            iovecs.set(ValueLayout.JAVA_LONG, (long) IOVEC * i, data.address() + (long) slot * i);
            iovecs.set(ValueLayout.JAVA_LONG, (long) IOVEC * i + 8, slot);
        }
        count = 0;
        used = 0;
    }

    /** The length of received message {@code i}. */
    int length(int i) {
        return headers.get(ValueLayout.JAVA_INT, (long) MMSGHDR * i + MSG_LEN);
    }

    /** Packet slot {@code i}. */
    MemorySegment slot(int i) {
        return data.asSlice((long) slot * i, slot);
    }

    /**
     * Queues a copy of {@code src[position, limit)} for {@code to}; the position is left
     * unchanged. The batch must not be full.
     */
    public void add(ByteBuffer src, InetAddress to) {
        int i = count;
        int n = src.remaining();
        if (n > slot || n > data.byteSize() - used || i == capacity) {
            throw new IllegalArgumentException("packet of " + n + " octets does not fit the batch");
        }
        MemorySegment.copy(MemorySegment.ofBuffer(src), 0, data, used, n);
        iovecs.set(ValueLayout.JAVA_LONG, (long) IOVEC * i, data.address() + used);
        iovecs.set(ValueLayout.JAVA_LONG, (long) IOVEC * i + 8, n);
        used += (n + 7) & ~7L; // keep each packet 8-aligned
        MemorySegment addr = addresses.asSlice((long) SOCKADDR * i, SOCKADDR);
        int addrLength = RawIpSocket.sockaddr(addr, to);
        long h = (long) MMSGHDR * i;
        headers.set(ValueLayout.ADDRESS, h + MSG_NAME, addr);
        headers.set(ValueLayout.JAVA_INT, h + MSG_NAMELEN, addrLength);
        failed[i] = false;
        count = i + 1;
    }

    /** Whether queued message {@code i} failed in the last send. */
    public boolean failed(int i) {
        return failed[i];
    }

    void fail(int i) {
        failed[i] = true;
    }

    /** Empties the batch for the next burst. */
    public void clear() {
        count = 0;
        used = 0;
    }

    @Override
    public void close() {
        arena.close();
    }
}
