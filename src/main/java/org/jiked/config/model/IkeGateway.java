package org.jiked.config.model;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * {@code security ike gateway NAME}: one IKE peer.
 *
 * @param addresses the peer addresses in configured order; the first is the primary, the others
 *     are tried in turn
 * @param localAddress the address to send from, or null to let the system choose
 * @param externalInterface the interface IKE runs on, or null
 * @param localIdentity configured local identity, or null: then the local address is the identity
 * @param remoteIdentity configured peer identity, or null: then the peer must identify with its
 *     address
 * @param deadPeerDetection liveness checking, or null when not configured (no checks)
 * @param fragmentationEnabled RFC 7383 fragmentation, on unless {@code fragmentation disable}
 * @param fragmentSize {@code fragmentation size}, or 0 for the default (576 for IPv4, 1280 for IPv6)
 * @param natTraversal false with {@code no-nat-traversal}
 * @param natKeepaliveSeconds {@code nat-keepalive}, 20 by default
 * @param dynamic {@code dynamic}: a gateway for peers not known by address, or null
 * @param retransmission the gateway's {@code retransmission} over the global one (null: the defaults)
 */
public record IkeGateway(
        String name,
        IkePolicy policy,
        List<InetAddress> addresses,
        InetAddress localAddress,
        String externalInterface,
        Identity localIdentity,
        Identity remoteIdentity,
        DeadPeerDetection deadPeerDetection,
        boolean fragmentationEnabled,
        int fragmentSize,
        boolean natTraversal,
        int natKeepaliveSeconds,
        Dynamic dynamic,
        Retransmission retransmission) {

    public IkeGateway {
        retransmission = retransmission == null ? Retransmission.DEFAULT : retransmission;
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(policy, "policy");
        addresses = List.copyOf(addresses);
    }

    /**
     * {@code dynamic}: the peers' addresses are unknown, they are told apart by their IKE ID
     * (the pico-cell case: many base stations, one gateway).
     *
     * @param remoteIdentity the ID a peer must present ({@code hostname} / {@code user-at-hostname}),
     *     a distinguished-name pattern kept as {@code remote-identity distinguished-name} keeps it
     *     (text "container DN" or "wildcard DN"), or null for {@code general-ikeid}: any ID the key
     *     authenticates
     * @param connectionsLimit {@code connections-limit}: most IKE SAs at once, 0 for no limit
     */
    public record Dynamic(Identity remoteIdentity, int connectionsLimit) {}

    public boolean isDynamic() {
        return dynamic != null;
    }

    /** The identity to send: the configured one, or the address IKE actually uses locally. */
    public Identity effectiveLocalIdentity(InetAddress usedLocalAddress) {
        return localIdentity != null ? localIdentity : Identity.ofAddress(usedLocalAddress);
    }

    /** The identity the peer must present: the configured one, or its address. */
    public Identity effectiveRemoteIdentity(InetAddress peerAddress) {
        return remoteIdentity != null ? remoteIdentity : Identity.ofAddress(peerAddress);
    }
}
