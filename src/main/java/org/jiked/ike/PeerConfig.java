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
 * @param certificates how the peers authenticate with certificates, or null for a pre-shared key
 */
public record PeerConfig(String name, List<InetAddress> remoteAddresses, InetAddress localAddress,
                         List<IkeProposalSpec> ikeProposals, byte[] preSharedKey, Identity localIdentity,
                         Identity remoteIdentity, long ikeLifetimeSeconds, List<ChildConfig> children,
                         RetransmitSettings retransmit, CertificateAuth certificates) {
    public PeerConfig {
        remoteAddresses = List.copyOf(remoteAddresses);
        ikeProposals = List.copyOf(ikeProposals);
        children = List.copyOf(children);
        preSharedKey = preSharedKey == null ? null : preSharedKey.clone();
        if (ikeProposals.isEmpty()) {
            throw new IllegalArgumentException("peer " + name + " has no IKE proposal");
        }
    }

    /** A peer authenticated by pre-shared key. */
    public PeerConfig(String name, List<InetAddress> remoteAddresses, InetAddress localAddress,
                      List<IkeProposalSpec> ikeProposals, byte[] preSharedKey, Identity localIdentity,
                      Identity remoteIdentity, long ikeLifetimeSeconds, List<ChildConfig> children,
                      RetransmitSettings retransmit) {
        this(name, remoteAddresses, localAddress, ikeProposals, preSharedKey, localIdentity, remoteIdentity,
                ikeLifetimeSeconds, children, retransmit, null);
    }

    public boolean matchesRemote(InetAddress address) {
        return remoteAddresses.contains(address);
    }

    public ChildConfig child(String childName) {
        return children.stream().filter(c -> c.name().equals(childName)).findFirst().orElse(null);
    }
}
