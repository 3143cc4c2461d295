package org.jiked.ike;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jiked.crypto.Prf;
import org.jiked.wire.payload.IdPayload;

/**
 * Pre-shared key authentication (RFC 7296 section 2.15):
 * AUTH = prf(prf(Shared Secret, "Key Pad for IKEv2"), SignedOctets), where the signed octets are
 * the signer's IKE_SA_INIT message, the other side's nonce and prf(SK_p, the signer's ID body).
 */
public final class PskAuthentication {
    private static final byte[] KEY_PAD = "Key Pad for IKEv2".getBytes(StandardCharsets.US_ASCII);

    private PskAuthentication() {}

    /** The octets the AUTH payload of one side covers. */
    public static byte[] signedOctets(Prf prf, byte[] realMessage, byte[] otherNonce, byte[] skP, IdPayload id) {
        byte[] macedId = prf.compute(skP, id.bodyForAuth());
        byte[] out = new byte[realMessage.length + otherNonce.length + macedId.length];
        System.arraycopy(realMessage, 0, out, 0, realMessage.length);
        System.arraycopy(otherNonce, 0, out, realMessage.length, otherNonce.length);
        System.arraycopy(macedId, 0, out, realMessage.length + otherNonce.length, macedId.length);
        return out;
    }

    public static byte[] compute(Prf prf, byte[] psk, byte[] signedOctets) {
        return prf.compute(prf.compute(psk, KEY_PAD), signedOctets);
    }

    static boolean verify(Prf prf, byte[] psk, byte[] signedOctets, byte[] received) {
        return MessageDigest.isEqual(compute(prf, psk, signedOctets), received);
    }
}
