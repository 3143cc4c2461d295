package org.jiked.config.model;

import java.util.List;
import java.util.Objects;

/**
 * {@code security ipsec vpn NAME}: an IPsec tunnel negotiated through an IKE gateway.
 *
 * @param establishTunnels when to negotiate; Junos default {@link EstablishTunnels#ON_TRAFFIC}
 * @param bindInterface the st0 unit of {@code bind-interface st0.N}, or -1 for none
 * @param dfBit {@code df-bit}
 * @param replayWindowSize {@code ike anti-replay-window-size}; 0 for {@code ike no-anti-replay}
 */
public record IpsecVpn(
        String name,
        IkeGateway gateway,
        IpsecPolicy policy,
        List<TrafficSelector> trafficSelectors,
        EstablishTunnels establishTunnels,
        int bindInterface,
        DfBit dfBit,
        int replayWindowSize) {

    public IpsecVpn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(establishTunnels, "establishTunnels");
        trafficSelectors = List.copyOf(trafficSelectors);
        Objects.requireNonNull(dfBit, "dfBit");
    }

    /** The VPN without route-based options: policy-based, Junos defaults. */
    public IpsecVpn(String name, IkeGateway gateway, IpsecPolicy policy, List<TrafficSelector> trafficSelectors,
                    EstablishTunnels establishTunnels) {
        this(name, gateway, policy, trafficSelectors, establishTunnels, -1, Defaults.DF_BIT,
                Defaults.REPLAY_WINDOW_SIZE);
    }

    public boolean routeBased() {
        return bindInterface >= 0;
    }
}
