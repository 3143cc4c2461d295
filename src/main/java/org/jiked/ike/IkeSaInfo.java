package org.jiked.ike;

import java.net.InetSocketAddress;
import java.util.List;
import org.jiked.child.ChildSa;

/**
 * A read-only copy of one IKE SA and its CHILD_SAs, as {@code show security ike
 * security-associations} and {@code show security ipsec security-associations} print them.
 */
public record IkeSaInfo(int index, String gateway, String state, boolean initiator, long initiatorSpi,
                        long responderSpi, InetSocketAddress local, InetSocketAddress remote, String localIdentity,
                        String remoteIdentity, String encryption, String prf, String integrity, int dhGroup,
                        long lifetimeSeconds, long remainingSeconds, long establishedWallMillis, boolean natDetected,
                        long nextRequestId, long expectedPeerRequestId, List<ChildSaInfo> children,
                        long rekeyInSeconds, int rekeysSinceAuth, int reauthFrequency, boolean fragmentation,
                        String deadPeerDetection, String retransmission) {

    /** One CHILD_SA. */
    public record ChildSaInfo(String vpn, String state, int inboundSpi, int outboundSpi, String encryption,
                              String integrity, int pfsGroup, boolean esn, String localSelectors,
                              String remoteSelectors, long lifetimeSeconds, long remainingSeconds,
                              long lifetimeKilobytes, boolean udpEncapsulated, long inboundBytes,
                              long inboundPackets, long outboundBytes, long outboundPackets, long monitorPort,
                              long rekeyInSeconds) {}

    static IkeSaInfo of(IkeSa sa, long now, long wall) {
        IkeProposalSpec p = sa.proposal;
        boolean up = sa.state == IkeSa.State.ESTABLISHED;
        long lifetime = sa.peer.ikeLifetimeSeconds();
        long remaining = up ? Math.max(0, (sa.expiresMillis - now) / 1000) : 0;
        List<ChildSaInfo> children = sa.children.stream().filter(c -> c.state() != ChildSa.State.DELETED)
                .map(c -> child(c, now)).toList();
        return new IkeSaInfo(sa.index, sa.peer.name(), up ? "UP" : "DOWN", sa.originalInitiator, sa.spiI, sa.spiR,
                sa.local, sa.remote, IkeAuth.localIdentity(sa).toString(),
                sa.peerIdentity == null ? "" : sa.peerIdentity.toString(),
                p == null ? "" : AlgorithmNames.encryption(p.encryptionId(), p.encryptionKeyBits()),
                p == null ? "" : AlgorithmNames.prf(p.prfId()),
                p == null ? "" : AlgorithmNames.integrity(p.integrityId()), p == null ? 0 : p.dhGroup(),
                lifetime, remaining, up ? wall - (now - sa.establishedMillis) : 0, sa.natLocal || sa.natRemote,
                sa.nextRequestId, sa.expectedPeerRequestId, children,
                up && !sa.peer.neverRekeys() ? Math.max(0, (sa.rekeyAtMillis - now) / 1000) : -1, sa.rekeyCount,
                sa.peer.reauthFrequency(), sa.fragmentation, dpd(sa.peer.dpd()),
                sa.peer.retransmit().toString());
    }

    private static String dpd(DpdSettings d) {
        return d.mode() == DpdSettings.Mode.OFF ? "disabled"
                : d.mode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ", interval "
                        + d.intervalMillis() / 1000 + " s, threshold " + d.threshold();
    }

    private static ChildSaInfo child(ChildSa c, long now) {
        long remaining = c.lifetimeSeconds() <= 0 ? 0
                : Math.max(0, c.lifetimeSeconds() - (now - c.createdMillis()) / 1000);
        return new ChildSaInfo(c.name(), c.state().name(), c.inboundSpi(), c.outboundSpi(),
                AlgorithmNames.encryption(c.encryptionId(), c.encryptionKeyBits()),
                AlgorithmNames.integrity(c.integrityId()), c.dhGroup(), c.esn(), c.localSelectors().toString(),
                c.remoteSelectors().toString(), c.lifetimeSeconds(), remaining, c.lifetimeKilobytes(),
                c.udpEncapsulated(), c.inboundBytes.get(), c.inboundPackets.get(), c.outboundBytes.get(),
                c.outboundPackets.get(), c.remote().getPort(),
                c.rekeyAtMillis() == Long.MAX_VALUE ? -1 : Math.max(0, (c.rekeyAtMillis() - now) / 1000));
    }
}
