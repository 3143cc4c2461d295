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
 * @param options the lifecycle knobs: DPD, fragmentation, reauthentication, NAT traversal
 * @param certificates how the peers authenticate with certificates, or null for a pre-shared key
 */
public record PeerConfig(String name, List<InetAddress> remoteAddresses, InetAddress localAddress,
                         List<IkeProposalSpec> ikeProposals, byte[] preSharedKey, Identity localIdentity,
                         Identity remoteIdentity, long ikeLifetimeSeconds, List<ChildConfig> children,
                         RetransmitSettings retransmit, PeerOptions options, CertificateAuth certificates) {
    public PeerConfig {
        options = options == null ? PeerOptions.DEFAULT : options;
        retransmit = retransmit == null ? RetransmitSettings.DEFAULT : retransmit;
        remoteAddresses = List.copyOf(remoteAddresses);
        ikeProposals = List.copyOf(ikeProposals);
        children = List.copyOf(children);
        preSharedKey = preSharedKey == null ? null : preSharedKey.clone();
        if (ikeProposals.isEmpty()) {
            throw new IllegalArgumentException("peer " + name + " has no IKE proposal");
        }
    }

    /** A peer with the default options. */
    public PeerConfig(String name, List<InetAddress> remoteAddresses, InetAddress localAddress,
                      List<IkeProposalSpec> ikeProposals, byte[] preSharedKey, Identity localIdentity,
                      Identity remoteIdentity, long ikeLifetimeSeconds, List<ChildConfig> children,
                      RetransmitSettings retransmit) {
        this(name, remoteAddresses, localAddress, ikeProposals, preSharedKey, localIdentity, remoteIdentity,
                ikeLifetimeSeconds, children, retransmit, PeerOptions.DEFAULT, null);
    }

    /** A peer authenticated by pre-shared key. */
    public PeerConfig(String name, List<InetAddress> remoteAddresses, InetAddress localAddress,
                      List<IkeProposalSpec> ikeProposals, byte[] preSharedKey, Identity localIdentity,
                      Identity remoteIdentity, long ikeLifetimeSeconds, List<ChildConfig> children,
                      RetransmitSettings retransmit, PeerOptions options) {
        this(name, remoteAddresses, localAddress, ikeProposals, preSharedKey, localIdentity, remoteIdentity,
                ikeLifetimeSeconds, children, retransmit, options, null);
    }

    public PeerConfig withOptions(PeerOptions o) {
        return new PeerConfig(name, remoteAddresses, localAddress, ikeProposals, preSharedKey, localIdentity,
                remoteIdentity, ikeLifetimeSeconds, children, retransmit, o, certificates);
    }

    /** The same peer authenticating with certificates. */
    public PeerConfig withCertificates(CertificateAuth c) {
        return new PeerConfig(name, remoteAddresses, localAddress, ikeProposals, preSharedKey, localIdentity,
                remoteIdentity, ikeLifetimeSeconds, children, retransmit, options, c);
    }

    public PeerConfig withDpd(DpdSettings settings) {
        return withOptions(options.withDpd(settings));
    }

    public PeerConfig withFragmentation(Fragmentation settings) {
        return withOptions(options.withFragmentation(settings));
    }

    public DpdSettings dpd() {
        return options.dpd();
    }

    public Fragmentation fragmentation() {
        return options.fragmentation();
    }

    public int reauthFrequency() {
        return options.reauthFrequency();
    }

    /**
     * Junos {@code responder-only-no-rekey}: this side never starts a rekey of the IKE SA (config
     * check makes every VPN of a gateway responder-only when one is).
     */
    public boolean neverRekeys() {
        return !children.isEmpty()
                && children.stream().allMatch(c -> c.startAction() == ChildConfig.StartAction.RESPONDER_ONLY_NO_REKEY);
    }

    public boolean matchesRemote(InetAddress address) {
        return remoteAddresses.contains(address);
    }

    public ChildConfig child(String childName) {
        return children.stream().filter(c -> c.name().equals(childName)).findFirst().orElse(null);
    }
}
