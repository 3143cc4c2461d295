package org.jiked.ike;

import java.util.List;
import org.jiked.child.TrafficSelector;

/**
 * One CHILD_SA to negotiate with a peer: a Junos {@code security ipsec vpn}.
 *
 * @param proposals up to four ESP proposals in preference order
 * @param lifetimeKilobytes 0 when there is no volume lifetime
 */
public record ChildConfig(String name, List<ChildProposalSpec> proposals, List<TrafficSelector> localSelectors,
                          List<TrafficSelector> remoteSelectors, long lifetimeSeconds, long lifetimeKilobytes,
                          StartAction startAction) {
    public ChildConfig {
        proposals = List.copyOf(proposals);
        localSelectors = List.copyOf(localSelectors);
        remoteSelectors = List.copyOf(remoteSelectors);
        if (proposals.isEmpty()) {
            throw new IllegalArgumentException("vpn " + name + " has no IPsec proposal");
        }
    }

    /** When a CHILD_SA is brought up (Junos {@code establish-tunnels}). */
    public enum StartAction {
        IMMEDIATELY, ON_TRAFFIC, RESPONDER_ONLY,
        /** Responder only, and never the one to start a rekey: the SA ends at its hard lifetime unless the peer rekeys. */
        RESPONDER_ONLY_NO_REKEY;

        public boolean responderOnly() {
            return this == RESPONDER_ONLY || this == RESPONDER_ONLY_NO_REKEY;
        }
    }

    /** The PFS group of the first proposal, 0 for none (Junos sets one group per IPsec policy). */
    public int pfsGroup() {
        return proposals.getFirst().dhGroup();
    }
}
