package org.jiked.bench;

import org.jiked.ike.ChildProposalSpec;
import org.jiked.ike.IkeProposalSpec;
import org.jiked.wire.TransformType;

/**
 * Proposal strings in strongSwan's notation ({@code aes128gcm16-prfsha256-x25519}, ESP
 * {@code aes128gcm16}), so a benchmark command reads the same for jiked's generator and charon.
 */
final class BenchProposals {
    private BenchProposals() {}

    static IkeProposalSpec ike(String text) {
        int encr = -1;
        int bits = 0;
        int prf = -1;
        int integ = TransformType.AUTH_NONE;
        int dh = -1;
        for (String word : text.toLowerCase().split("-")) {
            int[] e = encryption(word);
            if (e != null) {
                encr = e[0];
                bits = e[1];
                continue;
            }
            switch (word) {
                case "prfsha1" -> prf = TransformType.PRF_HMAC_SHA1;
                case "prfsha256" -> prf = TransformType.PRF_HMAC_SHA2_256;
                case "prfsha384" -> prf = TransformType.PRF_HMAC_SHA2_384;
                case "prfsha512" -> prf = TransformType.PRF_HMAC_SHA2_512;
                case "sha256" -> integ = TransformType.AUTH_HMAC_SHA2_256_128;
                case "sha384" -> integ = TransformType.AUTH_HMAC_SHA2_384_192;
                case "sha512" -> integ = TransformType.AUTH_HMAC_SHA2_512_256;
                default -> {
                    int g = group(word);
                    if (g < 0) {
                        throw new IllegalArgumentException("unknown algorithm '" + word + "' in proposal " + text);
                    }
                    dh = g;
                }
            }
        }
        if (encr < 0 || dh < 0) {
            throw new IllegalArgumentException("proposal " + text + " needs an encryption algorithm and a DH group");
        }
        if (prf < 0) {
            // strongSwan derives the PRF from the integrity algorithm when none is named
            prf = switch (integ) {
                case TransformType.AUTH_HMAC_SHA2_384_192 -> TransformType.PRF_HMAC_SHA2_384;
                case TransformType.AUTH_HMAC_SHA2_512_256 -> TransformType.PRF_HMAC_SHA2_512;
                default -> TransformType.PRF_HMAC_SHA2_256;
            };
        }
        return new IkeProposalSpec(encr, bits, prf, integ, dh);
    }

    static ChildProposalSpec esp(String text) {
        int encr = -1;
        int bits = 0;
        int integ = TransformType.AUTH_NONE;
        for (String word : text.toLowerCase().split("-")) {
            int[] e = encryption(word);
            if (e != null) {
                encr = e[0];
                bits = e[1];
            } else if (word.equals("sha256")) {
                integ = TransformType.AUTH_HMAC_SHA2_256_128;
            } else if (word.equals("sha1")) {
                integ = TransformType.AUTH_HMAC_SHA1_96;
            } else {
                throw new IllegalArgumentException("unknown algorithm '" + word + "' in ESP proposal " + text);
            }
        }
        if (encr < 0) {
            throw new IllegalArgumentException("ESP proposal " + text + " needs an encryption algorithm");
        }
        return new ChildProposalSpec(encr, bits, integ, 0, false);
    }

    private static int[] encryption(String word) {
        return switch (word) {
            case "aes128gcm16" -> new int[] {TransformType.ENCR_AES_GCM_16, 128};
            case "aes192gcm16" -> new int[] {TransformType.ENCR_AES_GCM_16, 192};
            case "aes256gcm16" -> new int[] {TransformType.ENCR_AES_GCM_16, 256};
            case "aes128", "aes128cbc" -> new int[] {TransformType.ENCR_AES_CBC, 128};
            case "aes256", "aes256cbc" -> new int[] {TransformType.ENCR_AES_CBC, 256};
            case "chacha20poly1305" -> new int[] {TransformType.ENCR_CHACHA20_POLY1305, 0};
            default -> null;
        };
    }

    private static int group(String word) {
        return switch (word) {
            case "x25519", "curve25519" -> TransformType.CURVE25519;
            case "x448", "curve448" -> TransformType.CURVE448;
            case "ecp256" -> TransformType.ECP_256;
            case "ecp384" -> TransformType.ECP_384;
            case "ecp521" -> TransformType.ECP_521;
            case "modp2048" -> TransformType.MODP_2048;
            case "modp3072" -> TransformType.MODP_3072;
            case "modp4096" -> TransformType.MODP_4096;
            default -> -1;
        };
    }
}
