package org.jiked.config.model;

import java.util.List;

/**
 * {@code interfaces st0 unit N}: one logical secure tunnel interface, which jiked runs as a TUN
 * device named {@code st0.N} (a valid Linux interface name, so the Junos name is kept).
 *
 * @param inetAddresses addresses of {@code family inet}, as written (address/length)
 * @param inet6Addresses addresses of {@code family inet6}
 */
public record St0Unit(int unit, boolean inet, boolean inet6, List<String> inetAddresses, List<String> inet6Addresses) {
    public St0Unit {
        inetAddresses = List.copyOf(inetAddresses);
        inet6Addresses = List.copyOf(inet6Addresses);
    }

    /** The Linux interface name. */
    public String interfaceName() {
        return "st0." + unit;
    }
}
