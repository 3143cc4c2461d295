package org.jiked.config.model;

import java.util.List;

/**
 * What each {@link ProposalSet} expands to in jiked.
 *
 * <p>Junos defines {@code basic}, {@code compatible} and {@code standard} with DH groups 1 and 2,
 * DES, 3DES and MD5 (for example {@code standard} is pre-g2-aes128-sha and pre-g2-3des-sha for IKE,
 * g2-esp-3des-sha and g2-esp-aes128-sha for IPsec). jiked implements none of those, so these
 * sets keep no member and a policy that uses one is refused with an explanation rather than
 * silently negotiating something else.
 *
 * <p>The Suite B sets follow RFC 6379 (IKE: AES-CBC, HMAC-SHA-2, ECP group 19 or 20; ESP:
 * AES-GCM), the PRIME sets use AES-GCM for IKE too. jiked only implements pre-shared keys, so the
 * IKE members use {@code pre-shared-keys}. jiked does not add a PFS group for an IPsec set; use
 * {@code perfect-forward-secrecy keys} to get one.
 */
public final class ProposalSets {
    private ProposalSets() {}

    /** IKE proposals of the set, in preference order; empty when jiked supports no member. */
    public static List<IkeProposal> ike(ProposalSet set) {
        return switch (set) {
            case BASIC, COMPATIBLE, STANDARD -> List.of();
            case PRIME_128 -> List.of(ikeMember("pre-g19-aes128-gcm-sha256", DhGroup.GROUP19,
                    IkeAuthenticationAlgorithm.SHA_256, EncryptionAlgorithm.AES_128_GCM));
            case PRIME_256 -> List.of(ikeMember("pre-g20-aes256-gcm-sha384", DhGroup.GROUP20,
                    IkeAuthenticationAlgorithm.SHA_384, EncryptionAlgorithm.AES_256_GCM));
            case SUITEB_GCM_128 -> List.of(ikeMember("pre-g19-aes128-sha256", DhGroup.GROUP19,
                    IkeAuthenticationAlgorithm.SHA_256, EncryptionAlgorithm.AES_128_CBC));
            case SUITEB_GCM_256 -> List.of(ikeMember("pre-g20-aes256-sha384", DhGroup.GROUP20,
                    IkeAuthenticationAlgorithm.SHA_384, EncryptionAlgorithm.AES_256_CBC));
        };
    }

    /** IPsec proposals of the set, in preference order; empty when jiked supports no member. */
    public static List<IpsecProposal> ipsec(ProposalSet set) {
        return switch (set) {
            case BASIC, COMPATIBLE, STANDARD -> List.of();
            case PRIME_128, SUITEB_GCM_128 -> List.of(ipsecMember("esp-aes128-gcm", EncryptionAlgorithm.AES_128_GCM));
            case PRIME_256, SUITEB_GCM_256 -> List.of(ipsecMember("esp-aes256-gcm", EncryptionAlgorithm.AES_256_GCM));
        };
    }

    /** Why a set is empty in jiked, for the error message. */
    public static String whyEmpty(ProposalSet set) {
        return switch (set) {
            case BASIC -> "its members use DH group 1 with DES";
            case COMPATIBLE -> "its members use DH group 2 with 3DES or DES";
            case STANDARD -> "its members use DH group 2 with AES-128 or 3DES and SHA-1";
            default -> "it has no member jiked implements";
        };
    }

    private static IkeProposal ikeMember(String name, DhGroup group, IkeAuthenticationAlgorithm auth,
            EncryptionAlgorithm encryption) {
        return new IkeProposal(name, AuthenticationMethod.PRE_SHARED_KEYS, group, auth, encryption,
                Defaults.IKE_PROPOSAL_SET_LIFETIME_SECONDS);
    }

    private static IpsecProposal ipsecMember(String name, EncryptionAlgorithm encryption) {
        return new IpsecProposal(name, encryption, null, Defaults.IPSEC_LIFETIME_SECONDS, 0);
    }
}
