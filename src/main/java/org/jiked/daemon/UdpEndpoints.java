package org.jiked.daemon;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.HashMap;
import java.util.Map;
import org.jiked.ike.EngineContext;

/**
 * The IKE sockets: UDP 500 and 4500 on each local address the gateways use. On 4500 an IKE
 * message travels behind the four-octet non-ESP marker and ESP without it (RFC 3948 section 2.2);
 * a one-octet 0xff datagram is a NAT-keepalive.
 */
final class UdpEndpoints implements EngineContext.Transport, AutoCloseable {
    /** Largest datagram accepted; IKE messages above it need RFC 7383 fragmentation anyway. */
    static final int MAX_DATAGRAM = 65_535;

    interface Receiver {
        void ike(InetSocketAddress local, InetSocketAddress remote, byte[] datagram);

        void esp(InetSocketAddress local, InetSocketAddress remote, ByteBuffer packet);
    }

    private final Map<InetSocketAddress, DatagramChannel> channels = new HashMap<>();
    private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private final int ikePort;
    private final int natTPort;

    UdpEndpoints(int ikePort, int natTPort) {
        this.ikePort = ikePort;
        this.natTPort = natTPort;
    }

    /** Opens both ports on {@code address} and registers them with the loop. */
    void bind(InetAddress address, EventLoop loop, Receiver receiver) throws IOException {
        bind(address, loop, receiver, null);
    }

    /**
     * Opens both ports on {@code address}. Port 500 is registered with the loop; port 4500 too,
     * unless {@code natTOwner} takes it: then the channel stays blocking and its owner (the ESP
     * data plane) receives on it, handing IKE back to the loop, while this class still sends on it.
     * Without a loop (null) each such channel gets a thread of its own that blocks in receive: one
     * system call per datagram, where a selector needs three or four.
     */
    void bind(InetAddress address, EventLoop loop, Receiver receiver,
              java.util.function.BiConsumer<InetSocketAddress, DatagramChannel> natTOwner) throws IOException {
        for (int port : new int[] {ikePort, natTPort}) {
            InetSocketAddress local = new InetSocketAddress(address, port);
            if (channels.containsKey(local)) {
                continue;
            }
            DatagramChannel ch = DatagramChannel.open(address.getAddress().length == 4
                    ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
            ch.bind(local);
            channels.put(local, ch);
            boolean natT = port == natTPort;
            if (natT && natTOwner != null) {
                natTOwner.accept(local, ch);
            } else if (loop == null) {
                Thread t = new Thread(() -> receiveBlocking(ch, local, natT, receiver), "ike-rx-" + port);
                t.setDaemon(true);
                t.start();
            } else {
                loop.register(ch, key -> drain(ch, local, natT, receiver));
            }
        }
    }

    private void drain(DatagramChannel ch, InetSocketAddress local, boolean natT, Receiver receiver) {
        try {
            for (int i = 0; i < 64; i++) {
                receiveBuffer.clear();
                InetSocketAddress remote = (InetSocketAddress) ch.receive(receiveBuffer);
                if (remote == null) {
                    return;
                }
                receiveBuffer.flip();
                deliver(receiveBuffer, local, remote, natT, receiver);
            }
        } catch (IOException e) {
            System.err.println("jiked: receive on " + local + " failed: " + e.getMessage());
        }
    }

    private static void receiveBlocking(DatagramChannel ch, InetSocketAddress local, boolean natT, Receiver receiver) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        while (ch.isOpen()) {
            try {
                buffer.clear();
                InetSocketAddress remote = (InetSocketAddress) ch.receive(buffer);
                buffer.flip();
                deliver(buffer, local, remote, natT, receiver);
            } catch (java.nio.channels.ClosedChannelException e) {
                return; // shutting down
            } catch (IOException e) {
                System.err.println("jiked: receive on " + local + " failed: " + e.getMessage());
            }
        }
    }

    private static void deliver(ByteBuffer b, InetSocketAddress local, InetSocketAddress remote, boolean natT,
                                Receiver receiver) {
        int n = b.remaining();
        if (!natT) {
            byte[] d = new byte[n];
            b.get(d);
            receiver.ike(local, remote, d);
        } else if (n >= 4 && b.getInt(0) == 0) {
            byte[] d = new byte[n - 4];
            b.position(4);
            b.get(d);
            receiver.ike(local, remote, d);
        } else if (n == 1 && (b.get(0) & 0xff) == 0xff) {
            return; // NAT-keepalive
        } else {
            receiver.esp(local, remote, b);
        }
    }

    @Override
    public void sendNatKeepalive(InetSocketAddress local, InetSocketAddress remote) {
        DatagramChannel ch = channels.get(local);
        if (ch == null || local.getPort() != natTPort) {
            return;
        }
        try {
            ch.send(ByteBuffer.wrap(new byte[] {(byte) 0xff}), remote);
        } catch (IOException e) {
            System.err.println("jiked: NAT-keepalive to " + remote + " failed: " + e.getMessage());
        }
    }

    @Override
    public void send(InetSocketAddress local, InetSocketAddress remote, byte[] datagram) {
        DatagramChannel ch = channels.get(local);
        if (ch == null) {
            ch = channels.entrySet().stream().filter(e -> e.getKey().getPort() == local.getPort())
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
        if (ch == null) {
            System.err.println("jiked: no socket for " + local);
            return;
        }
        boolean natT = local.getPort() == natTPort;
        ByteBuffer b = ByteBuffer.allocate(datagram.length + (natT ? 4 : 0));
        if (natT) {
            b.putInt(0);
        }
        b.put(datagram).flip();
        try {
            ch.send(b, remote);
        } catch (IOException e) {
            System.err.println("jiked: send to " + remote + " failed: " + e.getMessage());
        }
    }

    /** The local address the kernel would use to reach {@code peer}, for gateways without local-address. */
    static InetAddress sourceAddressFor(InetAddress peer) throws IOException {
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.connect(new InetSocketAddress(peer, 500));
            return ((InetSocketAddress) probe.getLocalAddress()).getAddress();
        }
    }

    @Override
    public void close() {
        for (DatagramChannel ch : channels.values()) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing on shutdown: nothing left to do with the error
            }
        }
        channels.clear();
    }
}
