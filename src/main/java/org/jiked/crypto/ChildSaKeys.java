package org.jiked.crypto;

/**
 * The keying material of a Child SA pair (RFC 7296 section 2.17):
 * KEYMAT = prf+(SK_d, Ni | Nr), or prf+(SK_d, g^ir (new) | Ni | Nr) when the CREATE_CHILD_SA
 * exchange carried a KE payload. Keys are taken initiator-to-responder first (encryption, then
 * integrity), then responder-to-initiator.
 *
 * <p>For AES-GCM (RFC 4106 section 8.1) and ChaCha20-Poly1305 (RFC 7634) ESP the
 * encryption key length includes the 4-octet salt and the integrity key length is 0. The
 * accessors return the live arrays so that {@link #destroy} can wipe them; {@link #toString}
 * prints lengths only.
 */
public record ChildSaKeys(byte[] encrI, byte[] integI, byte[] encrR, byte[] integR) {

    /**
     * @param sharedSecretOrNull g^ir of the exchange's new Diffie-Hellman, or null without one
     */
    public static ChildSaKeys derive(Prf prf, byte[] skD, byte[] sharedSecretOrNull, byte[] ni,
                                     byte[] nr, int encrKeyLength, int integKeyLength) {
        if (encrKeyLength < 0 || integKeyLength < 0) {
            throw new IllegalArgumentException("negative key length");
        }
        byte[] seed = sharedSecretOrNull == null
                ? Bytes.concat(ni, nr)
                : Bytes.concat(sharedSecretOrNull, ni, nr);
        byte[] keymat = prf.prfPlus(skD, seed, 2 * (encrKeyLength + integKeyLength));
        try {
            int[] offset = {0};
            return new ChildSaKeys(
                    IkeSaKeys.take(keymat, offset, encrKeyLength),
                    IkeSaKeys.take(keymat, offset, integKeyLength),
                    IkeSaKeys.take(keymat, offset, encrKeyLength),
                    IkeSaKeys.take(keymat, offset, integKeyLength));
        } finally {
            Bytes.zero(keymat, seed);
        }
    }

    /** Overwrites every key with zeros. */
    public void destroy() {
        Bytes.zero(encrI, integI, encrR, integR);
    }

    @Override
    public String toString() {
        return "ChildSaKeys[encr=" + encrI.length + " integ=" + integI.length + " octets]";
    }
}
