package org.jiked.pki;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A CA as CERTREQ names it: the SHA-1 hash of its SubjectPublicKeyInfo (RFC 7296 section 3.7,
 * X.509 Certificate - Signature encoding).
 */
public record KeyHash(byte[] sha1) {
    public static final int LENGTH = 20;

    public KeyHash {
        if (sha1.length != LENGTH) {
            throw new IllegalArgumentException("a key hash has 20 octets");
        }
        sha1 = sha1.clone();
    }

    public static KeyHash of(X509Certificate ca) {
        try {
            return new KeyHash(MessageDigest.getInstance("SHA-1").digest(ca.getPublicKey().getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hashes in CERTREQ data; a trailing partial hash is ignored. Bounded by the payload size. */
    public static Set<KeyHash> parse(byte[] data) {
        Set<KeyHash> out = new LinkedHashSet<>();
        for (int i = 0; i + LENGTH <= data.length; i += LENGTH) {
            out.add(new KeyHash(Arrays.copyOfRange(data, i, i + LENGTH)));
        }
        return out;
    }

    /** CERTREQ data for these CAs. */
    public static byte[] concat(Iterable<X509Certificate> cas) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (X509Certificate ca : cas) {
            out.writeBytes(of(ca).sha1);
        }
        return out.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyHash k && Arrays.equals(k.sha1, sha1);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sha1);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(sha1);
    }
}
