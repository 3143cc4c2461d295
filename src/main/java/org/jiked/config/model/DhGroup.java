package org.jiked.config.model;

import org.jiked.wire.TransformType;

/**
 * Values of {@code dh-group} (IKE proposal) and {@code perfect-forward-secrecy keys} (IPsec
 * policy), with the IKEv2 key exchange transform ID. Junos numbers its groups like IANA, so
 * {@code groupN} is transform ID N.
 *
 * <p>group1, group2, group5 and group24 are not implemented (too weak, or a MODP group with a
 * short subgroup). group31 (Curve25519) and group32 (Curve448) are jiked additions: the Junos
 * reference list seen while writing this does not contain them.
 */
public enum DhGroup implements Keyword {
    GROUP14("group14", TransformType.MODP_2048),
    GROUP15("group15", TransformType.MODP_3072),
    GROUP16("group16", TransformType.MODP_4096),
    GROUP19("group19", TransformType.ECP_256),
    GROUP20("group20", TransformType.ECP_384),
    GROUP21("group21", TransformType.ECP_521),
    GROUP31("group31", TransformType.CURVE25519),
    GROUP32("group32", TransformType.CURVE448);

    private final String keyword;
    private final int transformId;

    DhGroup(String keyword, int transformId) {
        this.keyword = keyword;
        this.transformId = transformId;
    }

    @Override
    public String keyword() {
        return keyword;
    }

    /** IKEv2 DH (key exchange method) transform ID (IANA). */
    public int transformId() {
        return transformId;
    }
}
