package org.jiked.ike;

import javax.security.auth.x500.X500Principal;

/** DER distinguished names as IKE ID_DER_ASN1_DN carries them. */
final class DistinguishedNames {
    private DistinguishedNames() {}

    static String toString(byte[] der) {
        try {
            return new X500Principal(der).getName(X500Principal.RFC2253);
        } catch (IllegalArgumentException e) {
            return "invalid-dn";
        }
    }
}
