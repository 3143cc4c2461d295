package org.jiked.os;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A Linux TUN device (layer 3, no packet information header) opened through the FFM API:
 * {@code open("/dev/net/tun")} and {@code ioctl(TUNSETIFF)} with IFF_TUN | IFF_NO_PI (see the
 * kernel's Documentation/networking/tuntap.rst). Each {@link #read} returns one IP packet, each
 * {@link #write} sends one into the kernel's stack. Opened {@link #openWithOffloads with offloads},
 * each packet has a {@code struct virtio_net_hdr} in front and may be a TCP or UDP super-packet
 * (see {@code org.jiked.offload}).
 *
 * <p>The descriptor is non-blocking; a reader waits in {@code poll} with a short timeout, so that
 * {@link #close} from another thread ends it. Under load that costs nothing: poll is only entered
 * when the queue is empty. One thread may read while another writes.
 */
public final class Tun implements AutoCloseable {
    private static final int O_RDWR = 2;
    private static final int O_NONBLOCK = 0x800;
    private static final int O_CLOEXEC = 0x80000;
    private static final long TUNSETIFF = 0x400454caL;
    private static final short IFF_TUN = 0x0001;
    private static final short IFF_NO_PI = 0x1000;
    private static final short IFF_VNET_HDR = 0x4000;
    /** _IOW('T', 208, unsigned int); the flags are passed by value. */
    private static final long TUNSETOFFLOAD = 0x400454d0L;
    /** Checksum offload: the kernel may hand us packets whose transport checksum is partial. */
    public static final int TUN_F_CSUM = 0x01;
    public static final int TUN_F_TSO4 = 0x02;
    public static final int TUN_F_TSO6 = 0x04;
    /** UDP segmentation offload (Linux 6.2 and later). */
    public static final int TUN_F_USO4 = 0x20;
    public static final int TUN_F_USO6 = 0x40;
    /** Not a TUN_F flag: asks for, or records, IFF_VNET_HDR. */
    private static final int VNET_HEADER_FLAG = 1 << 30;
    private static final int IFNAMSIZ = 16;
    /** struct ifreq is 40 octets on 64-bit Linux: the name, then a union whose first member is the flags. */
    private static final int IFREQ_SIZE = 40;
    private static final int POLL_MILLIS = 200;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle OPEN = downcall("open",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle IOCTL = downcall("ioctl",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                    ValueLayout.ADDRESS), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle IOCTL_VALUE = downcall("ioctl",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_LONG), Linker.Option.firstVariadicArg(2));
    // critical with heap access: the descriptor is non-blocking, and packets stay in Java arrays
    private static final MethodHandle READ = downcall("read",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
            Linker.Option.critical(true));
    private static final MethodHandle WRITE = downcall("write",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
            Linker.Option.critical(true));

    private final int fd;
    private final String name;
    private final int offloads;
    private volatile boolean closed;
    private final ThreadLocal<MemorySegment> errno = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(Libc.CAPTURE));
    private final ThreadLocal<MemorySegment> pollFd = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(8));

    private Tun(int fd, String name, int offloads) {
        this.fd = fd;
        this.name = name;
        this.offloads = offloads;
    }

    private static MethodHandle downcall(String function, FunctionDescriptor d, Linker.Option... options) {
        Linker.Option[] all = new Linker.Option[options.length + 1];
        System.arraycopy(options, 0, all, 0, options.length);
        all[options.length] = Linker.Option.captureCallState("errno");
        MemorySegment address = LINKER.defaultLookup().find(function)
                .orElseThrow(() -> new IllegalStateException("libc has no " + function));
        return LINKER.downcallHandle(address, d, all);
    }

    /**
     * Creates (or attaches to) the TUN device {@code name} in the calling thread's network
     * namespace. The device lives as long as the descriptor, unless made persistent elsewhere.
     * Each read and write is one plain IP packet.
     */
    public static Tun open(String name) throws IOException {
        return open(name, 0);
    }

    /**
     * Like {@link #open(String)}, but with IFF_VNET_HDR, and the offloads {@code wanted}
     * ({@code TUN_F_*}) announced to the kernel with TUNSETOFFLOAD; when the kernel refuses
     * them, the largest of: all, all but USO, checksum and TSO only, none. Every packet read or
     * written then has a 10-octet {@code struct virtio_net_hdr} in front, and with TSO a read
     * may return a TCP super-packet of up to 64 KiB for the reader to segment.
     */
    public static Tun openWithOffloads(String name, int wanted) throws IOException {
        return open(name, wanted | VNET_HEADER_FLAG);
    }

    private static Tun open(String name, int wanted) throws IOException {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        if (n.length == 0 || n.length >= IFNAMSIZ || name.contains("/") || name.contains(" ")) {
            throw new IllegalArgumentException("invalid interface name '" + name + "'");
        }
        boolean vnet = (wanted & VNET_HEADER_FLAG) != 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Libc.CAPTURE);
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom("/dev/net/tun"), O_RDWR | O_NONBLOCK | O_CLOEXEC);
            if (fd < 0) {
                throw new IOException("open /dev/net/tun: errno " + Libc.errno(state));
            }
            MemorySegment ifr = arena.allocate(IFREQ_SIZE);
            ifr.asSlice(0, n.length).copyFrom(MemorySegment.ofArray(n));
            ifr.set(ValueLayout.JAVA_SHORT, IFNAMSIZ, (short) (IFF_TUN | IFF_NO_PI | (vnet ? IFF_VNET_HDR : 0)));
            int r = (int) IOCTL.invokeExact(state, fd, TUNSETIFF, ifr);
            if (r < 0) {
                int e = Libc.errno(state);
                int ignored = (int) Libc.CLOSE.invokeExact(state, fd);
                throw new IOException("TUNSETIFF " + name + ": errno " + e);
            }
            String actual = ifr.getString(0, StandardCharsets.US_ASCII);
            int offloads = 0;
            if (vnet) {
                int all = wanted & ~VNET_HEADER_FLAG;
                for (int f : new int[] {all, all & ~(TUN_F_USO4 | TUN_F_USO6), all & (TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6)}) {
                    if (f != 0 && (int) IOCTL_VALUE.invokeExact(state, fd, TUNSETOFFLOAD, (long) f) == 0) {
                        offloads = f;
                        break;
                    }
                }
            }
            return new Tun(fd, actual, vnet ? offloads | VNET_HEADER_FLAG : 0);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Whether every packet read or written carries a {@code struct virtio_net_hdr} in front. */
    public boolean vnetHeader() {
        return (offloads & VNET_HEADER_FLAG) != 0;
    }

    /** The {@code TUN_F_*} offloads the kernel accepted (0 without a virtio_net_hdr). */
    public int offloads() {
        return offloads & ~VNET_HEADER_FLAG;
    }

    public String name() {
        return name;
    }

    /**
     * Reads one packet into {@code dst} from its position; on return the packet lies between
     * position and limit (behind its virtio_net_hdr when {@link #vnetHeader}). Waits until one arrives.
     *
     * @return the packet's length, or -1 once the device is closed
     */
    public int read(ByteBuffer dst) throws IOException {
        return read(dst, true);
    }

    /**
     * Reads one packet into {@code dst} like {@link #read} if one is queued, without waiting.
     *
     * @return the packet's length, 0 when none is queued, or -1 once the device is closed
     */
    public int readNow(ByteBuffer dst) throws IOException {
        return read(dst, false);
    }

    private int read(ByteBuffer dst, boolean wait) throws IOException {
        MemorySegment state = errno.get();
        MemorySegment target = MemorySegment.ofBuffer(dst);
        while (!closed) {
            long n;
            try {
                n = (long) READ.invokeExact(state, fd, target, target.byteSize());
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            if (n >= 0) {
                dst.limit(dst.position() + (int) n);
                return (int) n;
            }
            int e = Libc.errno(state);
            if (e == Libc.EAGAIN) {
                if (!wait) {
                    return 0;
                }
                waitReadable(state);
            } else if (e != Libc.EINTR) {
                if (closed) {
                    break;
                }
                throw new IOException("read " + name + ": errno " + e);
            }
        }
        return -1;
    }

    private void waitReadable(MemorySegment state) {
        Libc.poll(state, pollFd.get(), fd, Libc.POLLIN, POLL_MILLIS);
    }

    /**
     * Writes the packet {@code src[position, limit)} (with its virtio_net_hdr in front when
     * {@link #vnetHeader}); the position is left unchanged.
     */
    public void write(ByteBuffer src) throws IOException {
        MemorySegment state = errno.get();
        MemorySegment source = MemorySegment.ofBuffer(src);
        long n;
        try {
            n = (long) WRITE.invokeExact(state, fd, source, source.byteSize());
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        if (n < 0) {
            throw new IOException("write " + name + ": errno " + Libc.errno(state));
        }
    }

    /** {@code ip link set NAME mtu MTU up}. */
    public void up(int mtu) {
        Commands.run("ip", "link", "set", "dev", name, "mtu", Integer.toString(mtu), "up");
    }

    /** {@code ip link set NAME mtu MTU}. */
    public void mtu(int mtu) {
        Commands.run("ip", "link", "set", "dev", name, "mtu", Integer.toString(mtu));
    }

    /** {@code ip address add CIDR dev NAME}. */
    public void addAddress(String cidr) {
        Commands.run("ip", "address", "add", cidr, "dev", name);
    }

    /** {@code ip route replace PREFIX dev NAME}. */
    public void addRoute(String prefix) {
        Commands.run("ip", "route", "replace", prefix, "dev", name);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) Libc.CLOSE.invokeExact(arena.allocate(Libc.CAPTURE), fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public String toString() {
        return "Tun[" + name + "]";
    }
}
