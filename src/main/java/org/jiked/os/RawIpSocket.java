package org.jiked.os;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * A raw IP socket for one protocol ({@code socket(AF_INET|AF_INET6, SOCK_RAW, protocol)}, see
 * raw(7)), through the FFM API: the data plane's ESP (IP protocol 50, RFC 4303) for peers that
 * do not UDP-encapsulate. The kernel builds the outer IP header on sending. On receiving, an IPv4
 * socket delivers the packet with its IP header (already reassembled), an IPv6 socket without;
 * {@link #receive} leaves only the payload either way.
 *
 * <p>Bound to a local address, the socket sees only packets to that address. The descriptor is
 * non-blocking and the packet calls are critical (heap buffers go to the kernel without a copy);
 * waiting happens in {@code poll}, at most {@link #RECEIVE_TIMEOUT_MILLIS} at a time so that
 * {@link #close} from another thread ends a reader. A full send buffer makes a sender wait in
 * poll, which is the back-pressure wanted.
 */
public final class RawIpSocket implements AutoCloseable {
    static final int RECEIVE_TIMEOUT_MILLIS = 200;
    private static final int BUFFER_BYTES = 4 << 20;
    private static final int MSG_PEEK = 2;

    private final int fd;
    private final boolean ipv6;
    private final InetAddress local;
    private final int protocol;
    private volatile boolean closed;
    private final ThreadLocal<MemorySegment> state = ThreadLocal.withInitial(Libc::newState);
    private final ThreadLocal<MemorySegment> sockaddr = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(28));
    private final ThreadLocal<MemorySegment> pollFd = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(8));

    private RawIpSocket(int fd, InetAddress local, int protocol) {
        this.fd = fd;
        this.local = local;
        this.ipv6 = local instanceof Inet6Address;
        this.protocol = protocol;
    }

    /** Opens a raw socket for IP protocol {@code protocol} bound to {@code local}; needs CAP_NET_RAW. */
    public static RawIpSocket open(InetAddress local, int protocol) throws IOException {
        boolean v6 = local instanceof Inet6Address;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment st = arena.allocate(Libc.CAPTURE);
            int fd = (int) Libc.SOCKET.invokeExact(st, v6 ? Libc.AF_INET6 : Libc.AF_INET,
                    Libc.SOCK_RAW | Libc.SOCK_CLOEXEC | Libc.SOCK_NONBLOCK, protocol);
            if (fd < 0) {
                throw new IOException("raw socket for IP protocol " + protocol + ": errno " + Libc.errno(st));
            }
            MemorySegment addr = arena.allocate(28);
            int length = sockaddr(addr, local);
            if ((int) Libc.BIND.invokeExact(st, fd, addr, length) < 0) {
                int e = Libc.errno(st);
                Libc.close(fd);
                throw new IOException("bind raw socket to " + local.getHostAddress() + ": errno " + e);
            }
            // the FORCE variants pass net.core.[rw]mem_max, which is small by default; we run as root
            if (Libc.setIntOption(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, BUFFER_BYTES) != 0) {
                Libc.setIntOption(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, BUFFER_BYTES);
            }
            if (Libc.setIntOption(fd, Libc.SOL_SOCKET, Libc.SO_SNDBUFFORCE, BUFFER_BYTES) != 0) {
                Libc.setIntOption(fd, Libc.SOL_SOCKET, Libc.SO_SNDBUF, BUFFER_BYTES);
            }
            return new RawIpSocket(fd, local, protocol);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Writes a sockaddr_in or sockaddr_in6 for {@code a} (port 0) and returns its length. */
    static int sockaddr(MemorySegment s, InetAddress a) {
        s.fill((byte) 0);
        byte[] b = a.getAddress();
        if (b.length == 4) {
            s.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_INET);
            MemorySegment.copy(b, 0, s, ValueLayout.JAVA_BYTE, 4, 4);
            return 16;
        }
        s.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_INET6);
        MemorySegment.copy(b, 0, s, ValueLayout.JAVA_BYTE, 8, 16);
        if (a instanceof Inet6Address v6 && v6.getScopeId() != 0) {
            s.set(ValueLayout.JAVA_INT, 24, v6.getScopeId());
        }
        return 28;
    }

    public InetAddress local() {
        return local;
    }

    /**
     * Whether the kernel sets DF on what we send: {@code true} for IP_PMTUDISC_DO, {@code false}
     * for IP_PMTUDISC_DONT (the kernel fragments packets above the path MTU).
     */
    public void dontFragment(boolean df) throws IOException {
        int e = ipv6 ? Libc.setIntOption(fd, Libc.IPPROTO_IPV6, Libc.IPV6_MTU_DISCOVER, df ? Libc.PMTUDISC_DO : Libc.PMTUDISC_DONT)
                : Libc.setIntOption(fd, Libc.IPPROTO_IP, Libc.IP_MTU_DISCOVER, df ? Libc.PMTUDISC_DO : Libc.PMTUDISC_DONT);
        if (e != 0) {
            throw new IOException("IP_MTU_DISCOVER: errno " + e);
        }
    }

    /**
     * Makes this a socket for sending only: a BPF filter that accepts nothing ({@code ret #0})
     * drops every packet of our protocol before it is queued here, so that a second socket on an
     * address (see the data plane's DF choice) does not fill a receive buffer nobody reads.
     * Packets queued before the filter are read and thrown away.
     */
    public void sendOnly() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            // struct sock_filter {u16 code; u8 jt; u8 jf; u32 k}: BPF_RET | BPF_K with k = 0
            MemorySegment filter = arena.allocate(8, 8);
            filter.set(ValueLayout.JAVA_SHORT, 0, (short) 0x06);
            // struct sock_fprog {unsigned short len; struct sock_filter *filter}, 64-bit layout
            MemorySegment program = arena.allocate(16, 8);
            program.set(ValueLayout.JAVA_SHORT, 0, (short) 1);
            program.set(ValueLayout.ADDRESS, 8, filter);
            int e = Libc.setOption(fd, Libc.SOL_SOCKET, Libc.SO_ATTACH_FILTER, program);
            if (e != 0) {
                throw new IOException("SO_ATTACH_FILTER: errno " + e);
            }
            MemorySegment st = arena.allocate(Libc.CAPTURE);
            MemorySegment scratch = arena.allocate(65_536);
            while (true) {
                long n = (long) Libc.RECV.invokeExact(st, fd, scratch, scratch.byteSize(), 0);
                if (n < 0) {
                    break; // EAGAIN: the queue is empty
                }
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Whether a packet is queued for reading now (a peek that does not wait). */
    boolean hasQueued() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment scratch = arena.allocate(64);
            long n = (long) Libc.RECV.invokeExact(arena.allocate(Libc.CAPTURE), fd, scratch, scratch.byteSize(), MSG_PEEK);
            return n >= 0;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Receives one packet of our protocol into {@code dst} from its position and leaves its
     * payload (past an IPv4 header) between position and limit. Waits until one arrives.
     *
     * @return the payload's length, or -1 once the socket is closed
     */
    public int receive(ByteBuffer dst) throws IOException {
        MemorySegment st = state.get();
        MemorySegment target = MemorySegment.ofBuffer(dst);
        int start = dst.position();
        while (!closed) {
            long n;
            try {
                n = (long) Libc.RECV.invokeExact(st, fd, target, target.byteSize(), 0);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            if (n < 0) {
                if (retryAfterFailedReceive(st)) {
                    continue;
                }
                break;
            }
            int header = ipv6 ? 0 : ipv4HeaderLength(dst, start, (int) n);
            if (header < 0) {
                continue; // not a well-formed IPv4 packet of our protocol: nothing to hand on
            }
            dst.limit(start + (int) n).position(start + header);
            return (int) n - header;
        }
        return -1;
    }

    /**
     * Receives up to {@code batch.capacity()} packets of our protocol with one {@code recvmmsg};
     * waits until at least one arrives. {@link #payload} then copies each one out.
     *
     * @return how many packets arrived, or -1 once the socket is closed
     */
    public int receive(PacketBatch batch) throws IOException {
        MemorySegment st = state.get();
        while (!closed) {
            batch.prepareReceive();
            int n;
            try {
                n = (int) Libc.RECVMMSG.invokeExact(st, fd, batch.headers, batch.capacity(), 0, MemorySegment.NULL);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            if (n > 0) {
                batch.count = n;
                return n;
            }
            if (n == 0) {
                continue;
            }
            if (!retryAfterFailedReceive(st)) {
                break;
            }
        }
        return -1;
    }

    /**
     * After a receive that failed: waits (bounded) for data when there was none and says to try
     * again, as after an interrupted call; false once the socket is closed; otherwise throws.
     */
    private boolean retryAfterFailedReceive(MemorySegment st) throws IOException {
        int e = Libc.errno(st);
        if (e == Libc.EAGAIN) {
            Libc.poll(st, pollFd.get(), fd, Libc.POLLIN, RECEIVE_TIMEOUT_MILLIS);
            return true;
        }
        if (e == Libc.EINTR) {
            return true;
        }
        if (closed) {
            return false;
        }
        throw new IOException("receive on raw socket " + local.getHostAddress() + ": errno " + e);
    }

    /**
     * Copies the payload (past an IPv4 header) of received packet {@code i} of {@code batch}
     * into {@code dst} at its position and leaves it between position and limit.
     *
     * @return the payload's length, or -1 when the packet is not a well-formed one of ours
     */
    public int payload(PacketBatch batch, int i, ByteBuffer dst) {
        int n = batch.length(i);
        MemorySegment s = batch.slot(i);
        int header = 0;
        if (!ipv6) {
            if (n < 20 || (s.get(ValueLayout.JAVA_BYTE, 0) & 0xf0) != 0x40) {
                return -1;
            }
            header = (s.get(ValueLayout.JAVA_BYTE, 0) & 0x0f) * 4;
            if (header < 20 || header > n) {
                return -1;
            }
        }
        int length = n - header;
        int start = dst.position();
        if (length > dst.capacity() - start) {
            return -1;
        }
        MemorySegment.copy(s, header, MemorySegment.ofBuffer(dst.limit(dst.capacity())), 0, length);
        dst.limit(start + length).position(start);
        return length;
    }

    /**
     * Sends the packets queued in {@code batch} with as few {@code sendmmsg} calls as the kernel
     * allows (a full send buffer waits in poll); a packet the kernel refuses is marked
     * {@link PacketBatch#failed} and skipped. The batch keeps its packets until cleared.
     *
     * @return how many packets failed
     */
    public int send(PacketBatch batch) throws IOException {
        MemorySegment st = state.get();
        int total = batch.count;
        int done = 0;
        int failures = 0;
        while (done < total) {
            int n;
            try {
                n = (int) Libc.SENDMMSG.invokeExact(st, fd,
                        batch.headers.asSlice((long) PacketBatch.MMSGHDR * done), total - done, 0);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            if (n > 0) {
                done += n;
                continue;
            }
            int e = Libc.errno(st);
            if (e == Libc.EAGAIN && !closed) {
                Libc.poll(st, pollFd.get(), fd, Libc.POLLOUT, RECEIVE_TIMEOUT_MILLIS);
            } else if (e == Libc.EINTR) {
                continue;
            } else if (closed) {
                for (int i = done; i < total; i++) {
                    batch.fail(i);
                }
                return failures + total - done;
            } else {
                batch.fail(done); // this message only; the rest may still go
                done++;
                failures++;
            }
        }
        return failures;
    }

    /** The IPv4 header length of a raw packet, or -1 when it is not one of ours. */
    static int ipv4HeaderLength(ByteBuffer b, int at, int n) {
        if (n < 20 || (b.get(at) & 0xf0) != 0x40) {
            return -1;
        }
        int ihl = (b.get(at) & 0x0f) * 4;
        return ihl < 20 || ihl > n ? -1 : ihl;
    }

    /** Sends {@code src[position, limit)} to {@code to}; the position is left unchanged. */
    public void send(ByteBuffer src, InetAddress to) throws IOException {
        MemorySegment st = state.get();
        MemorySegment addr = sockaddr.get();
        int addrLength = sockaddr(addr, to);
        MemorySegment source = MemorySegment.ofBuffer(src);
        while (true) {
            long n;
            try {
                n = (long) Libc.SENDTO.invokeExact(st, fd, source, source.byteSize(), 0, addr, addrLength);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            if (n >= 0) {
                return;
            }
            int e = Libc.errno(st);
            if (e == Libc.EAGAIN && !closed) {
                Libc.poll(st, pollFd.get(), fd, Libc.POLLOUT, RECEIVE_TIMEOUT_MILLIS);
            } else if (e != Libc.EINTR) {
                throw new IOException("send to " + to.getHostAddress() + " on raw socket: errno " + e);
            }
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Libc.close(fd);
        }
    }

    @Override
    public String toString() {
        return "RawIpSocket[" + local.getHostAddress() + " protocol " + protocol + "]";
    }
}
