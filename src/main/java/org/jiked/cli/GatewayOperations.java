package org.jiked.cli;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.jiked.ike.IkeSaInfo;

/**
 * What the operational commands need from a running gateway. The daemon implements it on its
 * engine thread; tests implement it directly.
 */
public interface GatewayOperations {
    List<IkeSaInfo> ikeSas();

    Map<String, Long> ikeStats();

    /** The ESP data plane's counters, in display order; empty when there is no data plane. */
    default Map<String, Long> ipsecStatistics() {
        return Map.of();
    }

    /** The active configuration in brace form, or in {@code set} form when {@code setForm}. */
    String configuration(boolean setForm);

    int clearIkeSas(InetAddress peer);

    int clearIpsecSas();

    /** The PKI for {@code show security pki}; a gateway without one has nothing to show. */
    default org.jiked.pki.PkiStore pki() {
        return org.jiked.pki.PkiStore.empty();
    }

    /** {@code show security ike peers KIND}; none by default. */
    default List<org.jiked.ike.PeerStatus> ikePeers(String kind) {
        return List.of();
    }

    /** {@code show security ike peers failed}: the last failed negotiations, newest first; none by default. */
    default List<org.jiked.ike.FailedPeer> ikeFailedPeers() {
        return List.of();
    }

    /** {@code clear security ike peers failed}; how many were cleared. */
    default int clearIkeFailedPeers() {
        return 0;
    }

    /**
     * {@code request security ike pre-shared-key user-id ID ike-policy NAME}: the key of the
     * initiator {@code userId} under the policy's {@code seeded-pre-shared-key}.
     *
     * @throws IllegalArgumentException when the policy is unknown or has no seeded-pre-shared-key
     */
    default String seededPreSharedKey(String ikePolicy, String userId) {
        throw new IllegalArgumentException("IKE policy " + ikePolicy + " is not configured");
    }

    /** {@code clear security ike peers backoff}; how many were cleared. */
    default int clearIkePeerBackoffs() {
        return 0;
    }
}
