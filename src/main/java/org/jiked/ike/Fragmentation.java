package org.jiked.ike;

/**
 * IKEv2 fragmentation (RFC 7383; Junos {@code security ike gateway NAME fragmentation}): on by
 * default; a protected message whose IP packet would exceed {@code packetSize} octets is sent as
 * fragments. {@code packetSize} 0 means the Junos default: 576 for IPv4, 1280 for IPv6.
 */
public record Fragmentation(boolean enabled, int packetSize) {
    public static final Fragmentation DEFAULT = new Fragmentation(true, 0);
    public static final Fragmentation DISABLED = new Fragmentation(false, 0);

    /** The largest IKE message (header included) that fits in one packet towards {@code remote}. */
    int maxMessageSize(java.net.InetSocketAddress remote) {
        boolean v4 = remote.getAddress().getAddress().length == 4;
        int packet = packetSize > 0 ? packetSize : (v4 ? 576 : 1280);
        int overhead = (v4 ? 20 : 40) + 8 + (remote.getPort() == 4500 ? 4 : 0);
        return packet - overhead;
    }
}
