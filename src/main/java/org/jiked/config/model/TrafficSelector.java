package org.jiked.config.model;

import java.util.Objects;

/**
 * {@code security ipsec vpn NAME traffic-selector TS}: one pair of local and remote prefixes to
 * protect, both of one address family.
 */
public record TrafficSelector(String name, IpPrefix localIp, IpPrefix remoteIp) {

    public TrafficSelector {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(localIp, "localIp");
        Objects.requireNonNull(remoteIp, "remoteIp");
        if (localIp.isIpv4() != remoteIp.isIpv4()) {
            throw new IllegalArgumentException("local-ip and remote-ip must be of one address family");
        }
    }
}
