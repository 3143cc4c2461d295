package org.jiked.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;
import org.jiked.wire.TransformType;

/**
 * Curve25519 (group 31) and Curve448 (group 32) for IKEv2, RFC 8031, with the X25519 / X448
 * functions of RFC 7748 provided by the JDK's XDH.
 *
 * <p>Key exchange data is the 32- or 56-octet little-endian u-coordinate (RFC 7748 section 5)
 * and the shared secret is the raw function output; an all-zero output (the peer sent a
 * low-order point) is refused as RFC 8031 section 2 and RFC 7748 section 6 require. On input
 * the top bit of an X25519 u-coordinate is masked and non-canonical values (u &ge; p) are
 * reduced, as RFC 7748 section 5 says receivers must.
 */
final class XdhKeyExchange implements KeyExchange {
    private static final BigInteger P25519 =
            BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    private static final BigInteger P448 =
            BigInteger.TWO.pow(448).subtract(BigInteger.TWO.pow(224)).subtract(BigInteger.ONE);

    private final int group;
    private final NamedParameterSpec spec;
    private final int length;
    private final PrivateKey privateKey;
    /** Null until asked for when built from a known scalar (see {@link #fromPrivate}). */
    private byte[] publicValue;

    private XdhKeyExchange(int group, PrivateKey privateKey, byte[] publicValue) {
        this.group = group;
        this.spec = spec(group);
        this.length = KeyExchanges.publicValueLength(group);
        this.privateKey = privateKey;
        this.publicValue = publicValue;
    }

    private static NamedParameterSpec spec(int group) {
        return switch (group) {
            case TransformType.CURVE25519 -> NamedParameterSpec.X25519;
            case TransformType.CURVE448 -> NamedParameterSpec.X448;
            default -> throw new IllegalArgumentException("not an XDH group: " + group);
        };
    }

    static XdhKeyExchange generate(int group, SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("XDH");
            generator.initialize(spec(group), random);
            KeyPair pair = generator.generateKeyPair();
            byte[] u = Bytes.unsignedLittleEndian(((XECPublicKey) pair.getPublic()).getU(),
                    KeyExchanges.publicValueLength(group));
            return new XdhKeyExchange(group, pair.getPrivate(), u);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("XDH key generation failed", e);
        }
    }

    /**
     * A key pair from a known RFC 7748 scalar (raw octets, clamped by the function), for
     * known-answer tests. The public value X25519(k, 9) / X448(k, 5) is computed on first use,
     * which keeps the 1000-fold iteration of RFC 7748 section 5.2 to one multiplication a step.
     */
    static XdhKeyExchange fromPrivate(int group, byte[] scalar) {
        NamedParameterSpec spec = spec(group);
        if (scalar.length != KeyExchanges.publicValueLength(group)) {
            throw new IllegalArgumentException("XDH scalar must be "
                    + KeyExchanges.publicValueLength(group) + " octets");
        }
        try {
            PrivateKey key = KeyFactory.getInstance("XDH")
                    .generatePrivate(new XECPrivateKeySpec(spec, scalar.clone()));
            return new XdhKeyExchange(group, key, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int group() {
        return group;
    }

    @Override
    public byte[] publicValue() {
        if (publicValue == null) {
            BigInteger base = BigInteger.valueOf(group == TransformType.CURVE25519 ? 9 : 5);
            try {
                publicValue = agree(privateKey, publicKey(spec, base));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return publicValue.clone();
    }

    @Override
    public byte[] sharedSecret(byte[] peerPublicValue) throws InvalidPeerKeyException {
        if (peerPublicValue.length != length) {
            throw new InvalidPeerKeyException("group " + group + " key exchange data is "
                    + peerPublicValue.length + " octets, expected " + length);
        }
        byte[] u = peerPublicValue.clone();
        BigInteger p;
        if (group == TransformType.CURVE25519) {
            u[31] &= 0x7f; // RFC 7748 section 5: ignore the most significant bit
            p = P25519;
        } else {
            p = P448;
        }
        BigInteger value = Bytes.fromLittleEndian(u).mod(p);
        byte[] secret;
        try {
            secret = agree(privateKey, publicKey(spec, value));
        } catch (InvalidKeyException | InvalidKeySpecException e) {
            // The JDK refuses a small-order point itself; report it the same way as below.
            throw new InvalidPeerKeyException("XDH peer key refused: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("XDH unavailable", e);
        }
        if (Bytes.isAllZero(secret)) {
            throw new InvalidPeerKeyException("XDH shared secret is all zero (RFC 7748 6)");
        }
        return secret;
    }

    private static PublicKey publicKey(NamedParameterSpec spec, BigInteger u)
            throws GeneralSecurityException {
        return KeyFactory.getInstance("XDH").generatePublic(new XECPublicKeySpec(spec, u));
    }

    private static byte[] agree(PrivateKey key, PublicKey peer) throws GeneralSecurityException {
        KeyAgreement agreement = KeyAgreement.getInstance("XDH");
        agreement.init(key);
        agreement.doPhase(peer, true);
        return agreement.generateSecret();
    }

    @Override
    public String toString() {
        return "XdhKeyExchange[group=" + group + "]";
    }
}
