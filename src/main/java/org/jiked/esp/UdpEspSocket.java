package org.jiked.esp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * The sending side of a port-4500 socket for ESP with a per-packet DF choice ({@link OuterDf}).
 * Linux has no per-datagram DF for UDP, so the socket's IP_MTU_DISCOVER is switched
 * ({@code IP_DONTFRAGMENT}: IP_PMTUDISC_DO or _DONT) when a packet needs the other value than
 * the last one did; the switch and the send happen under one lock, because every st0 unit's
 * outbound thread sends on the socket. With one df-bit for all VPNs the option is never touched
 * again after the first packet. IKE messages sent on the same socket leave with whichever value
 * it was left at.
 */
final class UdpEspSocket {
    private final DatagramChannel channel;
    /** The socket's current setting: the data plane clears DF when it takes the socket over. */
    private boolean df;
    /** Set once the option cannot be changed: sends then go out as the socket is. */
    private boolean fixed;

    UdpEspSocket(DatagramChannel channel) {
        this.channel = channel;
    }

    synchronized void send(ByteBuffer datagram, InetSocketAddress to, boolean wantDf) throws IOException {
        if (wantDf != df && !fixed) {
            try {
                channel.setOption(jdk.net.ExtendedSocketOptions.IP_DONTFRAGMENT, wantDf);
                df = wantDf;
            } catch (UnsupportedOperationException | IOException e) {
                fixed = true;
            }
        }
        channel.send(datagram, to);
    }
}
