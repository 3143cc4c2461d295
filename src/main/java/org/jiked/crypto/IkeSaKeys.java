package org.jiked.crypto;

import java.util.Arrays;

/**
 * The seven keys of an IKE SA (RFC 7296 section 2.14), derived either from the IKE_SA_INIT
 * exchange ({@link #derive}) or from a CREATE_CHILD_SA exchange that rekeys the IKE SA
 * ({@link #deriveRekey}, section 2.18).
 *
 * <p>The accessors return the live arrays so that {@link #destroy} can wipe them; callers
 * must not hand them out further. {@link #toString} prints lengths only.
 */
public record IkeSaKeys(byte[] skD, byte[] skAi, byte[] skAr, byte[] skEi, byte[] skEr,
                        byte[] skPi, byte[] skPr) {

    /**
     * SKEYSEED = prf(Ni | Nr, g^ir), then {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr}
     * = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr). SK_d, SK_pi and SK_pr are as long as the PRF
     * output (its preferred key length).
     *
     * <p>Section 2.14 has PRFs that take a fixed-size key (AES-XCBC / AES-CMAC) use the first
     * half of the key from Ni and the second half from Nr instead of the whole Ni | Nr. Every
     * supported {@link Prf} is an HMAC, which takes any key length, so that rule never applies
     * here; a fixed-key PRF added later must implement it.
     *
     * @param integKeyLength octets of SK_ai / SK_ar (0 for an AEAD cipher)
     * @param encrKeyLength octets of SK_ei / SK_er, including any salt (see {@link SkCiphers})
     */
    public static IkeSaKeys derive(Prf prf, byte[] ni, byte[] nr, byte[] sharedSecret,
                                   long spiI, long spiR, int integKeyLength, int encrKeyLength) {
        byte[] skeyseed = skeyseed(prf, ni, nr, sharedSecret);
        try {
            return expand(prf, skeyseed, ni, nr, spiI, spiR, integKeyLength, encrKeyLength);
        } finally {
            Bytes.zero(skeyseed);
        }
    }

    /**
     * Keys for the new IKE SA of an IKE SA rekey (section 2.18): SKEYSEED =
     * prf(SK_d (old), g^ir (new) | Ni | Nr) computed with the old IKE SA's PRF, then the seven
     * keys by prf+ of the new IKE SA's PRF over Ni | Nr | SPIi | SPIr, where the nonces and
     * SPIs are those of the rekeying exchange (the new SA's SPIs).
     */
    public static IkeSaKeys deriveRekey(Prf oldPrf, byte[] oldSkD, Prf newPrf,
                                        byte[] sharedSecret, byte[] ni, byte[] nr, long spiI,
                                        long spiR, int integKeyLength, int encrKeyLength) {
        byte[] skeyseed = rekeySkeyseed(oldPrf, oldSkD, sharedSecret, ni, nr);
        try {
            return expand(newPrf, skeyseed, ni, nr, spiI, spiR, integKeyLength, encrKeyLength);
        } finally {
            Bytes.zero(skeyseed);
        }
    }

    /** SKEYSEED = prf(Ni | Nr, g^ir); package-private for the known-answer tests. */
    static byte[] skeyseed(Prf prf, byte[] ni, byte[] nr, byte[] sharedSecret) {
        byte[] key = Bytes.concat(ni, nr);
        try {
            return prf.compute(key, sharedSecret);
        } finally {
            Bytes.zero(key);
        }
    }

    /** SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr); package-private for the tests. */
    static byte[] rekeySkeyseed(Prf oldPrf, byte[] oldSkD, byte[] sharedSecret, byte[] ni,
                                byte[] nr) {
        return oldPrf.compute(oldSkD, sharedSecret, ni, nr);
    }

    private static IkeSaKeys expand(Prf prf, byte[] skeyseed, byte[] ni, byte[] nr, long spiI,
                                    long spiR, int integKeyLength, int encrKeyLength) {
        if (integKeyLength < 0 || encrKeyLength < 0) {
            throw new IllegalArgumentException("negative key length");
        }
        int prfLength = prf.outputLength();
        byte[] seed = Bytes.concat(ni, nr, Bytes.spi(spiI), Bytes.spi(spiR));
        byte[] keymat = prf.prfPlus(skeyseed, seed,
                3 * prfLength + 2 * integKeyLength + 2 * encrKeyLength);
        try {
            int[] offset = {0};
            return new IkeSaKeys(
                    take(keymat, offset, prfLength),
                    take(keymat, offset, integKeyLength),
                    take(keymat, offset, integKeyLength),
                    take(keymat, offset, encrKeyLength),
                    take(keymat, offset, encrKeyLength),
                    take(keymat, offset, prfLength),
                    take(keymat, offset, prfLength));
        } finally {
            Bytes.zero(keymat, seed);
        }
    }

    static byte[] take(byte[] keymat, int[] offset, int length) {
        byte[] key = Arrays.copyOfRange(keymat, offset[0], offset[0] + length);
        offset[0] += length;
        return key;
    }

    /** Overwrites every key with zeros. */
    public void destroy() {
        Bytes.zero(skD, skAi, skAr, skEi, skEr, skPi, skPr);
    }

    @Override
    public String toString() {
        return "IkeSaKeys[SK_d=" + skD.length + " SK_a=" + skAi.length + " SK_e=" + skEi.length
                + " SK_p=" + skPi.length + " octets]";
    }
}
