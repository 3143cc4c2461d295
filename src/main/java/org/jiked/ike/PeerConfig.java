package org.jiked.ike;

import java.net.InetAddress;
import java.util.List;

/**
 * What one IKE peer (a Junos {@code security ike gateway}) needs: where it is, what to propose and
 * accept, how to authenticate, and the CHILD_SAs (Junos VPNs) that run over its IKE SA.
 *
 * @param remoteAddresses the peer's addresses; the first is the one jiked initiates to
 * @param localAddress the address jiked uses towards this peer, or null for the wildcard
 * @param localIdentity null means the local address
 * @param remoteIdentity null accepts any identity the pre-shared key authenticates
 * @param dpd dead peer detection, {@link DpdSettings#OFF} when not configured
 * @param fragmentation RFC 7383 fragmentation, {@link Fragmentation#DEFAULT} when not configured
 */
public record PeerConfig(String name, List<InetAddress> remoteAddresses, InetAddress localAddress,
                         List<IkeProposalSpec> ikeProposals, byte[] preSharedKey, Identity localIdentity,
                         Identity remoteIdentity, long ikeLifetimeSeconds, List<ChildConfig> children,
                         RetransmitSettings retransmit, DpdSettings dpd, Fragmentation fragmentation) {
    public PeerConfig {
        dpd = dpd == null ? DpdSettings.OFF : dpd;
        fragmentation = fragmentation == null ? Fragmentation.DEFAULT : fragmentation;
        remoteAddresses = List.copyOf(remoteAddresses);
        ikeProposals = List.copyOf(ikeProposals);
        children = List.copyOf(children);
        preSharedKey = preSharedKey == null ? null : preSharedKey.clone();
        if (ikeProposals.isEmpty()) {
            throw new IllegalArgumentException("peer " + name + " has no IKE proposal");
        }
    }

    /** A peer without dead peer detection. */
    public PeerConfig(String name, List<InetAddress> remoteAddresses, InetAddress localAddress,
                      List<IkeProposalSpec> ikeProposals, byte[] preSharedKey, Identity localIdentity,
                      Identity remoteIdentity, long ikeLifetimeSeconds, List<ChildConfig> children,
                      RetransmitSettings retransmit) {
        this(name, remoteAddresses, localAddress, ikeProposals, preSharedKey, localIdentity, remoteIdentity,
                ikeLifetimeSeconds, children, retransmit, DpdSettings.OFF, Fragmentation.DEFAULT);
    }

    public PeerConfig withDpd(DpdSettings settings) {
        return new PeerConfig(name, remoteAddresses, localAddress, ikeProposals, preSharedKey, localIdentity,
                remoteIdentity, ikeLifetimeSeconds, children, retransmit, settings, fragmentation);
    }

    public PeerConfig withFragmentation(Fragmentation settings) {
        return new PeerConfig(name, remoteAddresses, localAddress, ikeProposals, preSharedKey, localIdentity,
                remoteIdentity, ikeLifetimeSeconds, children, retransmit, dpd, settings);
    }

    public boolean matchesRemote(InetAddress address) {
        return remoteAddresses.contains(address);
    }

    public ChildConfig child(String childName) {
        return children.stream().filter(c -> c.name().equals(childName)).findFirst().orElse(null);
    }
}
