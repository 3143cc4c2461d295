package org.jiked.esp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jiked.offload.GsoSegmenter;
import org.jiked.offload.TcpCoalescer;
import org.jiked.offload.VirtioNetHeader;
import org.jiked.os.PacketBatch;
import org.jiked.os.RawIpSocket;
import org.jiked.os.Tun;

/**
 * Moves packets between the st0 TUN devices and ESP, UDP-encapsulated on port 4500 (RFC 3948) or
 * raw as IP protocol 50 (RFC 4303) for peers without NAT between us, on threads of its own so
 * that traffic never waits for the IKE event loop:
 *
 * <ul>
 *   <li>one thread per TUN device: read an inner packet, look up the SPD, encrypt, send; raw
 *       ESP is queued instead while the TUN has more queued (up to {@link #BATCH} packets) and
 *       then goes out in one {@code sendmmsg};
 *   <li>one thread per port-4500 socket: receive; a datagram starting with the four-octet
 *       non-ESP marker is IKE and is handed to {@link IkeHandoff}; a single 0xff octet is a
 *       NAT-keepalive; anything else is ESP: look up the SPI, decrypt, check the selectors,
 *       write to the SA's TUN device;
 *   <li>one thread per raw ESP socket: up to {@link #BATCH} packets per {@code recvmmsg}, then
 *       the same ESP processing for each, no demultiplexing needed.
 * </ul>
 *
 * Every buffer the cipher sees is a heap buffer allocated once per thread: the JDK's AES-GCM is
 * fastest on Java arrays, and the TUN and single-packet socket calls hand those arrays to the
 * kernel without a copy. The raw ESP batches live in native memory ({@link PacketBatch}), also
 * allocated once per thread; a packet is copied between them and the heap buffers.
 *
 * <p>A TUN device opened with offloads ({@link Tun#vnetHeader}) hands over TCP (and UDP)
 * super-packets of up to 64 KiB: each is cut into segments that fit the st0 MTU
 * ({@link GsoSegmenter}, at the size the kernel chose from that MTU), and each segment becomes one
 * ESP packet. On receive, the segments of one TCP flow decrypted from one batch are merged again
 * ({@link TcpCoalescer}) and written to the device as one. Counters and lifetimes count what
 * travels as ESP: a super-packet counts as its segments, in packets and in octets.
 */
public final class EspPump implements AutoCloseable {
    /** Largest packet read from a TUN device or the socket. */
    static final int MAX_PACKET = 65_535;
    /** Room past an inner packet for the ESP trailer (up to a 16-octet block of padding and two octets). */
    static final int TRAILER_ROOM = 64;
    /** How often one on-traffic VPN may ask for negotiation while its first packets keep coming. */
    static final long ACQUIRE_INTERVAL_NANOS = 1_000_000_000L;
    /** Largest packet read from a TUN device with offloads: up to 65,535 octets of IPv6 payload behind its 40-octet header. */
    static final int MAX_SUPER_PACKET = 65_576;
    /** Most raw ESP packets moved by one recvmmsg or sendmmsg: a 64 KiB super-packet makes about 45. */
    static final int BATCH = 64;
    /** Octets of the native send batch: BATCH packets of a 1500-octet path, or one of the largest. */
    static final int BATCH_BYTES = BATCH * 1600 + MAX_PACKET + 256;

    /** Where IKE datagrams arriving on port 4500 go (the IKE engine's thread). */
    @FunctionalInterface
    public interface IkeHandoff {
        void ike(InetSocketAddress local, InetSocketAddress remote, byte[] datagram);
    }

    private final SecurityAssociationDatabase sad;
    private final EspStatistics stats;
    private final IkeHandoff ike;
    private final Consumer<SecurityAssociationDatabase.Trap> acquire;
    private final Map<Integer, Tun> tuns = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, UdpEspSocket> sockets = new ConcurrentHashMap<>();
    private final Map<java.net.InetAddress, RawPair> rawSockets = new ConcurrentHashMap<>();
    private final Map<Object, Long> lastAcquire = new ConcurrentHashMap<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    /**
     * Held (shared) by an outbound thread from the SA lookup of a burst until its packets are on
     * the wire; {@link #awaitSendsInFlight} takes it exclusively. The IKE engine removes an SA and
     * then answers the peer's Delete; without this, a packet already encrypted with the removed SA
     * could leave after that answer and reach a peer that no longer has the SA.
     */
    private final ReentrantReadWriteLock sending = new ReentrantReadWriteLock();

    public EspPump(SecurityAssociationDatabase sad, EspStatistics stats, IkeHandoff ike,
                   Consumer<SecurityAssociationDatabase.Trap> acquire) {
        this.sad = sad;
        this.stats = stats;
        this.ike = ike;
        this.acquire = acquire;
    }

    /**
     * Returns once every packet that outbound threads encrypted before this call is sent (or after
     * {@code timeoutMillis}, so a stuck send cannot hold up the caller for long).
     */
    public void awaitSendsInFlight(long timeoutMillis) {
        try {
            if (sending.writeLock().tryLock(timeoutMillis, TimeUnit.MILLISECONDS)) {
                sending.writeLock().unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the outbound thread of st0 unit {@code unit}'s device. */
    public void attach(int unit, Tun tun) {
        tuns.put(unit, tun);
        start("esp-out-" + tun.name(), () -> outbound(unit, tun));
    }

    /**
     * Starts receiving on a port-4500 socket bound to {@code local}; the socket must be blocking.
     * It also sends the ESP of SAs whose local address is {@code local}.
     */
    public void receiveOn(InetSocketAddress local, DatagramChannel socket) {
        sockets.put(local, new UdpEspSocket(socket));
        start("esp-in-" + local.getAddress().getHostAddress(), () -> inbound(local, socket));
    }

    /** Starts receiving raw ESP on {@code socket}; it also sends the raw ESP of SAs from its address. */
    public void receiveRawOn(RawIpSocket socket) {
        receiveRawOn(socket, null);
    }

    /**
     * Starts receiving raw ESP on {@code socket}, which sends the raw ESP of SAs from its address
     * without DF; {@code dfSocket}, on the same address, sends the packets that leave with DF (see
     * {@link RawPair}). Without a {@code dfSocket} all go out through {@code socket}.
     */
    public void receiveRawOn(RawIpSocket socket, RawIpSocket dfSocket) {
        rawSockets.put(socket.local(), new RawPair(socket, dfSocket == null ? socket : dfSocket));
        start("esp-raw-in-" + socket.local().getHostAddress(), () -> inboundRaw(socket));
    }

    /**
     * The raw ESP sockets of one local address. IP_MTU_DISCOVER is a socket option and Linux has
     * no per-packet DF for raw sockets short of writing the IP header ourselves (IP_HDRINCL, which
     * would also leave fragmentation to us), so a packet picks the socket whose option says what
     * its SA's {@code df-bit} wants. Switching sockets flushes the sendmmsg batch, so a TUN burst
     * that mixes both values costs more calls; one df-bit per address never switches.
     */
    record RawPair(RawIpSocket noDf, RawIpSocket df) {
        RawIpSocket forDf(boolean dontFragment) {
            return dontFragment ? df : noDf;
        }
    }

    private void start(String name, Runnable body) {
        Thread t = Thread.ofPlatform().name(name).daemon(true).unstarted(body);
        threads.add(t);
        t.start();
    }

    private void outbound(int unit, Tun tun) {
        boolean vnet = tun.vnetHeader();
        int headroom = vnet ? VirtioNetHeader.LENGTH : 0;
        int max = vnet ? MAX_SUPER_PACKET : MAX_PACKET;
        // the frame as read (virtio_net_hdr, packet) and the packet alone share one array
        byte[] array = new byte[headroom + max + TRAILER_ROOM];
        ByteBuffer frame = ByteBuffer.wrap(array);
        ByteBuffer inner = ByteBuffer.wrap(array, headroom, max + TRAILER_ROOM).slice();
        ByteBuffer segment = vnet ? ByteBuffer.allocate(MAX_PACKET + TRAILER_ROOM) : null;
        ByteBuffer out = ByteBuffer.allocate(MAX_PACKET + 256);
        VirtioNetHeader header = new VirtioNetHeader();
        GsoSegmenter segmenter = new GsoSegmenter();
        try (OutBatch batch = new OutBatch()) {
            while (running) {
                frame.clear().limit(headroom + max);
                int n;
                try {
                    // block only with nothing queued; otherwise drain what the TUN holds now
                    if (batch.isEmpty()) {
                        batch.release(); // never wait for the TUN while holding up a removal
                        n = tun.read(frame);
                    } else {
                        n = tun.readNow(frame);
                    }
                } catch (IOException e) {
                    stats.drop(EspDrop.IO_ERROR);
                    flush(batch);
                    continue;
                }
                if (n < 0) {
                    flush(batch);
                    return;
                }
                if (n == 0) {
                    flush(batch); // the TUN is empty: send what this burst produced
                    continue;
                }
                try {
                    if (!vnet) {
                        inner.clear().limit(n);
                        send(unit, inner, out, batch);
                    } else if (n <= headroom) {
                        stats.drop(EspDrop.MALFORMED_INNER);
                    } else {
                        header.read(frame, 0);
                        inner.clear().limit(n - headroom);
                        int segments = segmenter.begin(header, inner);
                        if (segments < 0) {
                            stats.drop(EspDrop.MALFORMED_INNER);
                        } else if (segments == 0) {
                            send(unit, inner, out, batch);
                        } else {
                            for (int i = 0; i < segments; i++) {
                                segmenter.segment(i, segment);
                                send(unit, segment, out, batch);
                                if (batch.packets.isFull()) {
                                    flush(batch);
                                }
                            }
                        }
                    }
                } catch (RuntimeException e) {
                    // one bad packet must not end the thread
                    stats.drop(EspDrop.MALFORMED_INNER);
                }
                if (batch.packets.isFull()) {
                    flush(batch);
                }
            }
        }
    }

    /** Raw ESP packets of one TUN read burst, all for one raw socket, sent with one sendmmsg. */
    private static final class OutBatch implements AutoCloseable {
        final PacketBatch packets = new PacketBatch(BATCH, MAX_PACKET + 256, BATCH_BYTES);
        final int[] lengths = new int[BATCH];
        RawIpSocket socket;
        /** The shared hold on {@link #sending}, while this burst's packets are not yet sent. */
        ReentrantReadWriteLock.ReadLock held;

        void hold(ReentrantReadWriteLock lock) {
            if (held == null) {
                held = lock.readLock();
                held.lock();
            }
        }

        void release() {
            if (held != null) {
                held.unlock();
                held = null;
            }
        }

        boolean isEmpty() {
            return packets.isEmpty();
        }

        @Override
        public void close() {
            release();
            packets.close();
        }
    }

    /** Sends what the batch holds and lets a waiting SA removal go on. */
    private void flush(OutBatch batch) {
        try {
            sendBatch(batch);
        } finally {
            batch.release();
        }
    }

    private void sendBatch(OutBatch batch) {
        PacketBatch p = batch.packets;
        int n = p.count();
        if (n == 0) {
            return;
        }
        try {
            batch.socket.send(p);
            for (int i = 0; i < n; i++) {
                if (p.failed(i)) {
                    stats.drop(EspDrop.IO_ERROR);
                } else {
                    stats.encrypted(batch.lengths[i]);
                }
            }
        } catch (IOException e) {
            for (int i = 0; i < n; i++) {
                stats.drop(EspDrop.IO_ERROR);
            }
        } finally {
            p.clear();
        }
    }

    /** Encrypts and sends one inner packet read from st0 unit {@code unit}. */
    void send(int unit, ByteBuffer inner, ByteBuffer out) {
        send(unit, inner, out, null);
    }

    /**
     * Encrypts one inner packet read from st0 unit {@code unit} and sends it, or, for raw ESP
     * with a {@code batch}, queues it there (flushing first what is queued for another socket).
     */
    private void send(int unit, ByteBuffer inner, ByteBuffer out, OutBatch batch) {
        if (batch != null) {
            batch.hold(sending);
            sendHeld(unit, inner, out, batch);
            return;
        }
        sending.readLock().lock();
        try {
            sendHeld(unit, inner, out, null);
        } finally {
            sending.readLock().unlock();
        }
    }

    private void sendHeld(int unit, ByteBuffer inner, ByteBuffer out, OutBatch batch) {
        EspTunnel t = sad.outbound(inner, unit);
        if (t == null) {
            SecurityAssociationDatabase.Trap trap = sad.trap(inner, unit);
            if (trap == null) {
                stats.drop(EspDrop.NO_SA);
                return;
            }
            stats.drop(EspDrop.AWAITING_SA);
            long now = System.nanoTime();
            Long last = lastAcquire.get(trap.key());
            if (last == null || now - last > ACQUIRE_INTERVAL_NANOS) {
                lastAcquire.put(trap.key(), now);
                acquire.accept(trap);
            }
            return;
        }
        // from the inner header before encryption; a TSO segment's header, DF included, is the super-packet's
        boolean df = t.df().df(inner);
        RawIpSocket raw = null;
        if (!t.udpEncapsulated()) {
            RawPair pair = rawSockets.get(t.local().getAddress());
            if (pair == null) {
                stats.drop(EspDrop.NO_RAW_SOCKET);
                return;
            }
            raw = pair.forDf(df);
        }
        int length = inner.remaining();
        out.clear();
        EspDrop d = EspCodec.encrypt(t.outbound(), inner, out);
        if (d != null) {
            stats.drop(d);
            return;
        }
        out.flip();
        if (raw != null && batch != null) {
            if (batch.socket != raw) {
                sendBatch(batch); // keeps the hold: this packet was sealed under it
                batch.socket = raw;
            }
            batch.lengths[batch.packets.count()] = length;
            batch.packets.add(out, t.peer().getAddress());
            return;
        }
        try {
            if (raw != null) {
                raw.send(out, t.peer().getAddress());
            } else {
                socketFor(t.local()).send(out, t.peer(), df);
            }
            stats.encrypted(length);
        } catch (IOException e) {
            stats.drop(EspDrop.IO_ERROR);
        }
    }

    private UdpEspSocket socketFor(InetSocketAddress local) {
        UdpEspSocket s = sockets.get(local);
        if (s == null) {
            s = sockets.values().iterator().next();
        }
        return s;
    }

    private void inbound(InetSocketAddress local, DatagramChannel socket) {
        ByteBuffer in = ByteBuffer.allocate(MAX_PACKET);
        ByteBuffer out = withHeadroom(MAX_PACKET);
        while (running) {
            InetSocketAddress remote;
            in.clear();
            try {
                remote = (InetSocketAddress) socket.receive(in);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                stats.drop(EspDrop.IO_ERROR);
                continue;
            }
            in.flip();
            try {
                receive(local, remote, in, out);
            } catch (RuntimeException e) {
                stats.drop(EspDrop.MALFORMED_INNER);
            }
        }
    }

    private void inboundRaw(RawIpSocket socket) {
        ByteBuffer in = ByteBuffer.allocate(MAX_PACKET);
        ByteBuffer out = withHeadroom(MAX_PACKET);
        TcpCoalescer<Tun> coalescer = new TcpCoalescer<>(this::deliver);
        try (PacketBatch batch = new PacketBatch(BATCH, MAX_PACKET)) {
            while (running) {
                int n;
                try {
                    n = socket.receive(batch);
                } catch (IOException e) {
                    stats.drop(EspDrop.IO_ERROR);
                    continue;
                }
                if (n < 0) {
                    return;
                }
                for (int i = 0; i < n; i++) {
                    in.clear();
                    if (socket.payload(batch, i, in) < 0) {
                        continue; // not a well-formed IPv4 packet of our protocol
                    }
                    try {
                        esp(in, out, coalescer);
                    } catch (RuntimeException e) {
                        stats.drop(EspDrop.MALFORMED_INNER);
                    }
                }
                coalescer.flush();
            }
        }
    }

    /**
     * A heap buffer of {@code capacity} octets from index 0 with room for a virtio_net_hdr
     * before it in the same array, so that a packet decrypted into it can be written to a TUN
     * with offloads without a copy ({@link #writeWhole}).
     */
    private static ByteBuffer withHeadroom(int capacity) {
        return ByteBuffer.wrap(new byte[VirtioNetHeader.LENGTH + capacity], VirtioNetHeader.LENGTH, capacity).slice();
    }

    /** Writes a super-packet or a single packet the coalescer produced, and counts its packets. */
    private void deliver(Tun tun, ByteBuffer frame, int packets, long bytes) {
        try {
            tun.write(frame);
            stats.decrypted(packets, bytes);
        } catch (IOException e) {
            stats.drop(EspDrop.IO_ERROR, packets);
        }
    }

    /**
     * Writes the whole packet {@code packet[0, limit)} to {@code tun}; with offloads behind an
     * all-zero virtio_net_hdr, put in the headroom of {@link #withHeadroom} (or a copy without it).
     */
    private static void writeWhole(Tun tun, ByteBuffer packet) throws IOException {
        if (!tun.vnetHeader()) {
            tun.write(packet);
            return;
        }
        ByteBuffer frame;
        if (packet.hasArray() && packet.arrayOffset() == VirtioNetHeader.LENGTH) {
            frame = ByteBuffer.wrap(packet.array(), 0, VirtioNetHeader.LENGTH + packet.limit());
        } else {
            frame = ByteBuffer.allocate(VirtioNetHeader.LENGTH + packet.limit());
            frame.put(VirtioNetHeader.LENGTH, packet, 0, packet.limit());
        }
        VirtioNetHeader.writeNone(frame, 0);
        tun.write(frame);
    }

    /** Demultiplexes one datagram of port 4500 (RFC 3948 section 2.2). */
    void receive(InetSocketAddress local, InetSocketAddress remote, ByteBuffer in, ByteBuffer out) {
        int n = in.remaining();
        if (n == 1 && (in.get(0) & 0xff) == 0xff) {
            return; // NAT-keepalive (RFC 3948 section 2.3)
        }
        if (n >= 4 && in.getInt(0) == 0) {
            byte[] d = new byte[n - 4];
            in.get(4, d);
            ike.ike(local, remote, d);
            return;
        }
        esp(in, out);
    }

    /** Verifies, decrypts and delivers one ESP packet {@code in[position, limit)} (RFC 4303 section 3.4). */
    void esp(ByteBuffer in, ByteBuffer out) {
        esp(in, out, null);
    }

    /**
     * {@link #esp(ByteBuffer, ByteBuffer)}, handing the packet to {@code coalescer} when there is
     * one and the TUN has offloads; the caller flushes it at the end of its batch.
     */
    private void esp(ByteBuffer in, ByteBuffer out, TcpCoalescer<Tun> coalescer) {
        if (in.remaining() < EspTransform.HEADER_LENGTH) {
            stats.drop(EspDrop.TRUNCATED);
            return;
        }
        EspTunnel t = sad.inbound(in.getInt(in.position()));
        if (t == null) {
            stats.drop(EspDrop.UNKNOWN_SPI);
            return;
        }
        EspDrop d = EspCodec.decrypt(t.inbound(), in, out);
        if (d != null) {
            stats.drop(d);
            return;
        }
        if (!t.matchesInbound(out)) {
            stats.drop(EspDrop.SELECTOR_MISMATCH);
            return;
        }
        Tun tun = tuns.get(t.unit());
        if (tun == null) {
            stats.drop(EspDrop.NO_INTERFACE);
            return;
        }
        if (coalescer != null && tun.vnetHeader() && coalescer.add(tun, out)) {
            return; // held for a super-packet; the coalescer writes and counts it
        }
        int length = out.remaining();
        try {
            writeWhole(tun, out);
            stats.decrypted(length);
        } catch (IOException e) {
            stats.drop(EspDrop.IO_ERROR);
        }
    }

    /** Stops the threads (TUN and raw readers end when closed; UDP sockets are closed by their owner). */
    @Override
    public void close() {
        running = false;
        for (Tun t : tuns.values()) {
            t.close();
        }
        for (RawPair p : rawSockets.values()) {
            p.noDf().close();
            p.df().close();
        }
    }
}
