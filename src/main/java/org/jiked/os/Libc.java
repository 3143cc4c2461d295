package org.jiked.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few libc calls the data plane's sockets make through the FFM API, each capturing errno.
 * Every handle takes the capture segment first; {@link #errno} reads it back.
 */
final class Libc {
    static final int EINTR = 4;
    static final int EAGAIN = 11;

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOCK_NONBLOCK = 0x800;
    static final short POLLIN = 0x0001;
    static final short POLLOUT = 0x0004;
    static final int SOL_SOCKET = 1;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int SO_RCVTIMEO = 20;
    static final int SO_SNDBUFFORCE = 32;
    static final int SO_RCVBUFFORCE = 33;
    /** SO_ATTACH_FILTER: a classic BPF program (struct sock_fprog) run on every packet before it is queued. */
    static final int SO_ATTACH_FILTER = 26;
    static final int IPPROTO_IP = 0;
    static final int IPPROTO_IPV6 = 41;
    static final int IP_MTU_DISCOVER = 10;
    static final int IPV6_MTU_DISCOVER = 23;
    /** IP_PMTUDISC_DONT: never set DF, let the kernel fragment; IP_PMTUDISC_DO: always set DF. */
    static final int PMTUDISC_DONT = 0;
    static final int PMTUDISC_DO = 2;
    static final int MSG_WAITFORONE = 0x10000;

    static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker LINKER = Linker.nativeLinker();

    static final MethodHandle SOCKET = downcall("socket",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    static final MethodHandle BIND = downcall("bind",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    static final MethodHandle SETSOCKOPT = downcall("setsockopt",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    /**
     * recv and sendto on non-blocking sockets as critical calls with heap access: the packet
     * buffers are Java arrays (where the JDK's AES-GCM is fastest) handed to the kernel without a
     * copy. A critical call holds off the GC, so only calls that never block may be made this way.
     */
    static final MethodHandle RECV = critical("recv",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_INT));
    static final MethodHandle SENDTO = critical("sendto",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    static final MethodHandle POLL = downcall("poll",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    /** recvmmsg and sendmmsg on non-blocking sockets, also critical: native buffers only, no heap access. */
    static final MethodHandle RECVMMSG = criticalNoHeap("recvmmsg",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    static final MethodHandle SENDMMSG = criticalNoHeap("sendmmsg",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT));
    static final MethodHandle CLOSE = downcall("close",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private Libc() {}

    private static MethodHandle downcall(String function, FunctionDescriptor d) {
        MemorySegment address = LINKER.defaultLookup().find(function)
                .orElseThrow(() -> new IllegalStateException("libc has no " + function));
        return LINKER.downcallHandle(address, d, Linker.Option.captureCallState("errno"));
    }

    private static MethodHandle critical(String function, FunctionDescriptor d) {
        MemorySegment address = LINKER.defaultLookup().find(function)
                .orElseThrow(() -> new IllegalStateException("libc has no " + function));
        return LINKER.downcallHandle(address, d, Linker.Option.captureCallState("errno"),
                Linker.Option.critical(true));
    }

    private static MethodHandle criticalNoHeap(String function, FunctionDescriptor d) {
        MemorySegment address = LINKER.defaultLookup().find(function)
                .orElseThrow(() -> new IllegalStateException("libc has no " + function));
        return LINKER.downcallHandle(address, d, Linker.Option.captureCallState("errno"),
                Linker.Option.critical(false));
    }

    /** Waits up to {@code millis} for {@code events} on {@code fd}; {@code pollFd} is 8 octets of scratch. */
    static void poll(MemorySegment state, MemorySegment pollFd, int fd, short events, int millis) {
        pollFd.set(ValueLayout.JAVA_INT, 0, fd);
        pollFd.set(ValueLayout.JAVA_SHORT, 4, events);
        pollFd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
        try {
            int ignored = (int) POLL.invokeExact(state, pollFd, 1L, millis);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** A capture segment for one thread's calls. */
    static MemorySegment newState() {
        return Arena.ofAuto().allocate(CAPTURE);
    }

    /** setsockopt with an int value; returns errno, 0 on success. */
    static int setIntOption(int fd, int level, int name, int value) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            MemorySegment v = arena.allocateFrom(ValueLayout.JAVA_INT, value);
            int r = (int) SETSOCKOPT.invokeExact(state, fd, level, name, v, 4);
            return r < 0 ? errno(state) : 0;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** setsockopt with {@code value} as the option; returns errno, 0 on success. */
    static int setOption(int fd, int level, int name, MemorySegment value) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int r = (int) SETSOCKOPT.invokeExact(state, fd, level, name, value, (int) value.byteSize());
            return r < 0 ? errno(state) : 0;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) CLOSE.invokeExact(arena.allocate(CAPTURE), fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
