package org.jiked.config.model;

import java.util.List;
import java.util.Objects;

/**
 * {@code security ipsec vpn NAME}: an IPsec tunnel negotiated through an IKE gateway.
 *
 * @param establishTunnels when to negotiate; Junos default {@link EstablishTunnels#ON_TRAFFIC}
 */
public record IpsecVpn(
        String name,
        IkeGateway gateway,
        IpsecPolicy policy,
        List<TrafficSelector> trafficSelectors,
        EstablishTunnels establishTunnels) {

    public IpsecVpn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(establishTunnels, "establishTunnels");
        trafficSelectors = List.copyOf(trafficSelectors);
    }
}
