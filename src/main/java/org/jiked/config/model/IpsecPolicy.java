package org.jiked.config.model;

import java.util.List;
import java.util.Objects;

/**
 * {@code security ipsec policy NAME}: up to four IPsec proposals in order (a {@code proposal-set}
 * already expanded) and the optional PFS group ({@code perfect-forward-secrecy keys}).
 *
 * @param pfsGroup key exchange for Child SA rekeys, or null for no PFS
 */
public record IpsecPolicy(String name, List<IpsecProposal> proposals, DhGroup pfsGroup) {

    public IpsecPolicy {
        Objects.requireNonNull(name, "name");
        proposals = List.copyOf(proposals);
    }
}
