package org.jiked.ike;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.jiked.pki.DnPattern;
import org.jiked.wire.IdType;
import org.jiked.wire.NotifyType;

/**
 * Dynamic gateways ({@code security ike gateway NAME dynamic}): gateways without a peer
 * address, for many peers known only by their IKE ID (the seed's pico cells). IKE_SA_INIT
 * reaches the first dynamic gateway of the local address; IKE_AUTH, once IDi is known, moves the
 * SA to the gateway that names the ID (for {@code distinguished-name container | wildcard}: whose
 * pattern the presented DN fits), else to one with {@code general-ikeid}, and counts it against
 * that gateway's {@code connections-limit}.
 */
final class DynamicPeers {
    private final List<PeerConfig> peers;
    private final IkeStats stats;
    private final Connections connections;

    /**
     * Each dynamic gateway's limit and how many IKE SAs count against it, over all the engines of
     * a gateway ({@link SharedState}).
     */
    static final class Connections {
        private final Map<String, Integer> limits = new HashMap<>();
        private final Map<String, Integer> counts = new HashMap<>();

        synchronized void limit(String gateway, int limit) {
            limits.put(gateway, limit);
        }

        /** Counts one more SA against the gateway; returns 0, or the limit that refused it. */
        synchronized int take(String gateway) {
            int limit = limits.getOrDefault(gateway, 0);
            int n = counts.getOrDefault(gateway, 0);
            if (limit > 0 && n >= limit) {
                return limit;
            }
            counts.put(gateway, n + 1);
            return 0;
        }

        synchronized void release(String gateway) {
            counts.computeIfPresent(gateway, (k, n) -> n <= 1 ? null : n - 1);
        }
    }

    DynamicPeers(List<PeerConfig> peers, IkeStats stats, Connections connections) {
        this.peers = peers;
        this.stats = stats;
        this.connections = connections;
    }

    static boolean isDynamic(PeerConfig p) {
        return p.remoteAddresses().isEmpty();
    }

    void limit(String peerName, int limit) {
        connections.limit(peerName, limit);
    }

    /**
     * Chooses the SA's gateway among the dynamic gateways of its local address that accept the
     * proposal IKE_SA_INIT chose (so dynamic gateways of one address should share proposals),
     * then checks and counts the connections-limit.
     */
    void bind(IkeSa sa, Identity peerId) throws IkeProtocolException {
        if (sa.originalInitiator || !isDynamic(sa.peer) || sa.countedPeer != null) {
            return;
        }
        PeerConfig exact = null;
        PeerConfig general = null;
        for (PeerConfig p : peers) {
            if (!isDynamic(p) || !Objects.equals(p.localAddress(), sa.peer.localAddress())
                    || !p.ikeProposals().contains(sa.proposal)) {
                continue;
            }
            DnPattern dn = p.certificates() == null ? null : p.certificates().remoteDn();
            if (dn != null) {
                // dynamic distinguished-name container | wildcard: the DN the peer presents must fit;
                // the certificate's subject is held to the same pattern when AUTH is verified
                if (exact == null && matches(dn, peerId)) {
                    exact = p;
                }
            } else if (exact == null && peerId.equals(p.remoteIdentity())) {
                exact = p;
            } else if (general == null && p.remoteIdentity() == null) {
                general = p;
            }
        }
        PeerConfig chosen = exact != null ? exact : general != null ? general : sa.peer;
        sa.peer = chosen;
        int limit = connections.take(chosen.name());
        if (limit > 0) {
            stats.increment("connections-limit-refusals");
            throw new IkeProtocolException(NotifyType.AUTHENTICATION_FAILED, "gateway " + chosen.name()
                    + " has reached its connections-limit of " + limit, true);
        }
        sa.countedPeer = chosen;
    }

    private static boolean matches(DnPattern pattern, Identity peerId) {
        if (peerId.idType() != IdType.ID_DER_ASN1_DN) {
            return false;
        }
        try {
            return pattern.matches(new X500Principal(peerId.data()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The SA is gone: its slot under the connections-limit is free again. */
    void release(IkeSa sa) {
        if (sa.countedPeer != null) {
            connections.release(sa.countedPeer.name());
            sa.countedPeer = null;
        }
    }
}
