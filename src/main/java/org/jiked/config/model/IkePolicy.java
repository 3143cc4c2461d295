package org.jiked.config.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * {@code security ike policy NAME}: the IKE proposals to offer, in order (a {@code proposal-set}
 * already expanded), and the pre-shared key or, for signature methods, {@code certificate
 * local-certificate} and {@code certificate trusted-ca} (each null when not configured).
 *
 * <p>The key is the raw octets: the ASCII text, or the decoded hexadecimal string. It never
 * appears in {@link #toString()}.
 */
public record IkePolicy(String name, List<IkeProposal> proposals, byte[] preSharedKey, int reauthFrequency,
                        String localCertificate, String trustedCaProfile, String trustedCaGroup, Blocklist blocklist,
                        byte[] seededPreSharedKey) {

    /** A policy without a {@code seeded-pre-shared-key}. */
    public IkePolicy(String name, List<IkeProposal> proposals, byte[] preSharedKey, int reauthFrequency,
                     String localCertificate, String trustedCaProfile, String trustedCaGroup, Blocklist blocklist) {
        this(name, proposals, preSharedKey, reauthFrequency, localCertificate, trustedCaProfile, trustedCaGroup,
                blocklist, null);
    }

    /** A policy without a blocklist. */
    public IkePolicy(String name, List<IkeProposal> proposals, byte[] preSharedKey, int reauthFrequency,
                     String localCertificate, String trustedCaProfile, String trustedCaGroup) {
        this(name, proposals, preSharedKey, reauthFrequency, localCertificate, trustedCaProfile, trustedCaGroup, null);
    }

    /** A policy without reauthentication ({@code reauth-frequency 0}, the Junos default). */
    public IkePolicy(String name, List<IkeProposal> proposals, byte[] preSharedKey) {
        this(name, proposals, preSharedKey, 0);
    }

    /** A pre-shared-key policy. */
    public IkePolicy(String name, List<IkeProposal> proposals, byte[] preSharedKey, int reauthFrequency) {
        this(name, proposals, preSharedKey, reauthFrequency, null, null, null);
    }

    public IkePolicy {
        Objects.requireNonNull(name, "name");
        proposals = List.copyOf(proposals);
        preSharedKey = preSharedKey == null ? null : preSharedKey.clone();
        seededPreSharedKey = seededPreSharedKey == null ? null : seededPreSharedKey.clone();
    }

    /** The {@code seeded-pre-shared-key} octets (a copy), or null when none is configured. */
    @Override
    public byte[] seededPreSharedKey() {
        return seededPreSharedKey == null ? null : seededPreSharedKey.clone();
    }

    /** True when the proposals authenticate by signature (certificates) rather than pre-shared key. */
    public boolean usesCertificates() {
        return proposals.stream().anyMatch(p -> p.authenticationMethod() != AuthenticationMethod.PRE_SHARED_KEYS);
    }

    /** The key octets (a copy), or null when none is configured. */
    @Override
    public byte[] preSharedKey() {
        return preSharedKey == null ? null : preSharedKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IkePolicy p
                && p.name.equals(name)
                && p.proposals.equals(proposals)
                && Arrays.equals(p.preSharedKey, preSharedKey)
                && Arrays.equals(p.seededPreSharedKey, seededPreSharedKey)
                && p.reauthFrequency == reauthFrequency
                && Objects.equals(p.localCertificate, localCertificate)
                && Objects.equals(p.trustedCaProfile, trustedCaProfile)
                && Objects.equals(p.trustedCaGroup, trustedCaGroup);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, proposals, Arrays.hashCode(preSharedKey), localCertificate, trustedCaProfile,
                trustedCaGroup);
    }

    @Override
    public String toString() {
        return "IkePolicy[name=" + name + ", proposals=" + proposals
                + ", preSharedKey=" + (preSharedKey == null ? "none" : "<secret>")
                + (seededPreSharedKey == null ? "" : ", seededPreSharedKey=<secret>")
                + (localCertificate == null ? "" : ", localCertificate=" + localCertificate)
                + (trustedCaProfile == null ? "" : ", trustedCa=ca-profile " + trustedCaProfile)
                + (trustedCaGroup == null ? "" : ", trustedCa=trusted-ca-group " + trustedCaGroup) + "]";
    }
}
