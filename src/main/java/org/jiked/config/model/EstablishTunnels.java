package org.jiked.config.model;

/**
 * Values of {@code establish-tunnels} at {@code [edit security ipsec vpn NAME]}.
 *
 * <p>The Junos default is {@link #ON_TRAFFIC}: negotiate when the first packet needs the tunnel.
 * jiked's data plane does this for route-based VPNs ({@code bind-interface}): the first packet
 * routed into the st0 unit is dropped and starts IKE. A policy-based VPN has no interface that
 * could see such a packet, so it is only negotiated when the peer starts it.
 */
public enum EstablishTunnels implements Keyword {
    IMMEDIATELY("immediately"),
    ON_TRAFFIC("on-traffic"),
    RESPONDER_ONLY("responder-only"),
    RESPONDER_ONLY_NO_REKEY("responder-only-no-rekey");

    private final String keyword;

    EstablishTunnels(String keyword) {
        this.keyword = keyword;
    }

    @Override
    public String keyword() {
        return keyword;
    }

    /** True if jiked must never initiate the first negotiation of such a VPN. */
    public boolean responderOnly() {
        return this == RESPONDER_ONLY || this == RESPONDER_ONLY_NO_REKEY;
    }
}
