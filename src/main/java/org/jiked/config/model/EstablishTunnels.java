package org.jiked.config.model;

/**
 * Values of {@code establish-tunnels} at {@code [edit security ipsec vpn NAME]}.
 *
 * <p>The Junos default is {@link #ON_TRAFFIC}: negotiate when the first packet needs the tunnel.
 * jiked has no data plane yet, so nothing triggers an on-traffic tunnel today; the value is kept
 * so that configurations mean what they mean on an SRX, and the daemon decides what to do with it.
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
