package org.jiked.esp;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A CHILD_SA as the data plane sees it (RFC 4301 section 4.4.2, one SAD entry per direction):
 * the SA pair, the selectors it protects and where its packets go. {@code unit} is the st0 unit
 * (TUN device) it is bound to; {@code order} says which SA is newer when several match during a
 * rekey.
 *
 * @param peer the peer's outer address and port (4500 when UDP-encapsulated)
 * @param local our outer address and port
 * @param df whether its ESP packets leave with DF in the outer IPv4 header ({@code df-bit})
 */
public record EspTunnel(String name, EspSa inbound, EspSa outbound, List<PacketSelector> localSelectors,
                        List<PacketSelector> remoteSelectors, InetSocketAddress local, InetSocketAddress peer,
                        boolean udpEncapsulated, int unit, long order, OuterDf df) {
    public EspTunnel {
        java.util.Objects.requireNonNull(df, "df");
        localSelectors = List.copyOf(localSelectors);
        remoteSelectors = List.copyOf(remoteSelectors);
    }

    /** An SA with {@code df-bit clear}, the Junos default. */
    public EspTunnel(String name, EspSa inbound, EspSa outbound, List<PacketSelector> localSelectors,
                     List<PacketSelector> remoteSelectors, InetSocketAddress local, InetSocketAddress peer,
                     boolean udpEncapsulated, int unit, long order) {
        this(name, inbound, outbound, localSelectors, remoteSelectors, local, peer, udpEncapsulated, unit, order,
                OuterDf.CLEAR);
    }

    /** Outbound: the packet's source is on our side and its destination on the peer's. */
    public boolean matchesOutbound(java.nio.ByteBuffer packet) {
        return anyMatch(localSelectors, packet, true) && anyMatch(remoteSelectors, packet, false);
    }

    /** Inbound, after decryption: the inner packet must be one the SA was negotiated for (RFC 4301 5.2). */
    public boolean matchesInbound(java.nio.ByteBuffer packet) {
        return anyMatch(remoteSelectors, packet, true) && anyMatch(localSelectors, packet, false);
    }

    static boolean anyMatch(List<PacketSelector> selectors, java.nio.ByteBuffer packet, boolean source) {
        for (PacketSelector s : selectors) {
            if (s.matches(packet, source)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return String.format("%s in=%08x out=%08x unit %d", name, inbound.spi(), outbound.spi(), unit);
    }
}
