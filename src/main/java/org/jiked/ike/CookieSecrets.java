package org.jiked.ike;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless cookies (RFC 7296 section 2.6): Cookie = VersionIDofSecret | Hash(Ni | IPi | SPIi |
 * secret), here an HMAC-SHA-256 keyed with the secret and cut to 16 octets. The secret is
 * replaced every {@link #ROTATION_MILLIS}; a cookie made with the one before is still accepted,
 * so a peer whose retry straddles a rotation is not sent round again. Checking a cookie costs
 * one HMAC and no state. All the engines of a gateway share one secret ({@link SharedState}), so
 * a cookie is accepted by whichever engine the retried request reaches.
 */
final class CookieSecrets {
    static final long ROTATION_MILLIS = 120_000;
    private static final int HASH_LENGTH = 16;

    private final SecureRandom random;
    private byte[] current;
    private byte[] previous;
    private int version;
    private long rotatedMillis;
    private final Mac mac;

    CookieSecrets(SecureRandom random, long nowMillis) {
        this.random = random;
        try {
            this.mac = Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JDK", e);
        }
        current = fresh();
        rotatedMillis = nowMillis;
    }

    private byte[] fresh() {
        byte[] s = new byte[32];
        random.nextBytes(s);
        return s;
    }

    private void rotateIfDue(long nowMillis) {
        if (nowMillis - rotatedMillis >= ROTATION_MILLIS) {
            // after a long quiet spell the old secret is as stale as the current one
            previous = nowMillis - rotatedMillis >= 2 * ROTATION_MILLIS ? null : current;
            current = fresh();
            version = (version + 1) & 0xff;
            rotatedMillis = nowMillis;
        }
    }

    synchronized byte[] make(byte[] ni, InetAddress ipi, long spiI, long nowMillis) {
        rotateIfDue(nowMillis);
        return cookie(version, current, ni, ipi, spiI);
    }

    synchronized boolean isValid(byte[] cookie, byte[] ni, InetAddress ipi, long spiI, long nowMillis) {
        rotateIfDue(nowMillis);
        if (cookie == null || cookie.length != 1 + HASH_LENGTH) {
            return false;
        }
        int v = cookie[0] & 0xff;
        byte[] secret = v == version ? current : v == ((version - 1) & 0xff) ? previous : null;
        return secret != null && MessageDigest.isEqual(cookie, cookie(v, secret, ni, ipi, spiI));
    }

    private byte[] cookie(int v, byte[] secret, byte[] ni, InetAddress ipi, long spiI) {
        try {
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
        mac.update(ni);
        mac.update(ipi.getAddress());
        mac.update(ByteBuffer.allocate(8).putLong(spiI).array());
        byte[] out = new byte[1 + HASH_LENGTH];
        out[0] = (byte) v;
        System.arraycopy(mac.doFinal(), 0, out, 1, HASH_LENGTH);
        return out;
    }
}
