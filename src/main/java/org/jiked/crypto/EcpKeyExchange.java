package org.jiked.crypto;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import javax.crypto.KeyAgreement;
import org.jiked.wire.TransformType;

/**
 * ECDH over the NIST prime curves of RFC 5903: groups 19 (P-256), 20 (P-384), 21 (P-521).
 *
 * <p>Key exchange data is x | y, each coordinate left-padded to the field size (section 7);
 * the shared secret is the x coordinate of the product only (section 9). The peer's point is
 * checked against the curve equation here (RFC 6989) before the JDK sees it; the
 * curves have cofactor 1, so a point on the curve is in the prime-order group, and the point
 * at infinity has no x | y encoding at all.
 */
final class EcpKeyExchange implements KeyExchange {
    /** The domain parameters of one curve, read once from the JDK. */
    private record Curve(int group, String name, ECParameterSpec spec, BigInteger p,
                         BigInteger a, BigInteger b, int coordinateLength) {
        static Curve load(int group, String name, int coordinateLength) {
            try {
                AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
                params.init(new ECGenParameterSpec(name));
                ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
                BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
                return new Curve(group, name, spec, p, spec.getCurve().getA(),
                        spec.getCurve().getB(), coordinateLength);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("curve " + name + " unavailable", e);
            }
        }

        boolean isOnCurve(BigInteger x, BigInteger y) {
            BigInteger lhs = y.multiply(y).mod(p);
            BigInteger rhs = x.multiply(x).add(a).multiply(x).add(b).mod(p);
            return lhs.equals(rhs);
        }
    }

    private static final Curve P256 = Curve.load(TransformType.ECP_256, "secp256r1", 32);
    private static final Curve P384 = Curve.load(TransformType.ECP_384, "secp384r1", 48);
    private static final Curve P521 = Curve.load(TransformType.ECP_521, "secp521r1", 66);

    private final Curve curve;
    private final PrivateKey privateKey;
    private final byte[] publicValue;

    private EcpKeyExchange(Curve curve, PrivateKey privateKey, BigInteger x, BigInteger y) {
        this.curve = curve;
        this.privateKey = privateKey;
        this.publicValue = Bytes.concat(Bytes.unsigned(x, curve.coordinateLength),
                Bytes.unsigned(y, curve.coordinateLength));
    }

    private static Curve curve(int group) {
        return switch (group) {
            case TransformType.ECP_256 -> P256;
            case TransformType.ECP_384 -> P384;
            case TransformType.ECP_521 -> P521;
            default -> throw new IllegalArgumentException("not an ECP group: " + group);
        };
    }

    static EcpKeyExchange generate(int group, SecureRandom random) {
        Curve curve = curve(group);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve.name), random);
            KeyPair pair = generator.generateKeyPair();
            ECPoint w = ((ECPublicKey) pair.getPublic()).getW();
            return new EcpKeyExchange(curve, pair.getPrivate(), w.getAffineX(), w.getAffineY());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC key generation failed", e);
        }
    }

    /**
     * A key pair with a known private scalar (big-endian), for known-answer tests. The public
     * point is computed with plain affine BigInteger arithmetic, which is slow and not
     * constant-time: fine for test vectors, never used for the ephemeral keys of real exchanges.
     */
    static EcpKeyExchange fromPrivate(int group, byte[] scalar) {
        Curve curve = curve(group);
        BigInteger d = new BigInteger(1, scalar);
        BigInteger n = curve.spec.getOrder();
        if (d.signum() == 0 || d.compareTo(n) >= 0) {
            throw new IllegalArgumentException("private scalar out of range");
        }
        try {
            PrivateKey key = KeyFactory.getInstance("EC")
                    .generatePrivate(new ECPrivateKeySpec(d, curve.spec));
            BigInteger[] q = multiply(curve, d, curve.spec.getGenerator().getAffineX(),
                    curve.spec.getGenerator().getAffineY());
            return new EcpKeyExchange(curve, key, q[0], q[1]);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int group() {
        return curve.group;
    }

    @Override
    public byte[] publicValue() {
        return publicValue.clone();
    }

    @Override
    public byte[] sharedSecret(byte[] peerPublicValue) throws InvalidPeerKeyException {
        int c = curve.coordinateLength;
        if (peerPublicValue.length != 2 * c) {
            throw new InvalidPeerKeyException("ECP group " + curve.group + " key exchange data is "
                    + peerPublicValue.length + " octets, expected " + 2 * c);
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(peerPublicValue, 0, c));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(peerPublicValue, c, 2 * c));
        if (x.compareTo(curve.p) >= 0 || y.compareTo(curve.p) >= 0) {
            throw new InvalidPeerKeyException("ECP coordinate not below the field prime");
        }
        if (!curve.isOnCurve(x, y)) {
            throw new InvalidPeerKeyException("ECP point not on the curve (RFC 6989)");
        }
        try {
            PublicKey peer = KeyFactory.getInstance("EC")
                    .generatePublic(new ECPublicKeySpec(new ECPoint(x, y), curve.spec));
            KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
            agreement.init(privateKey);
            agreement.doPhase(peer, true);
            byte[] secret = agreement.generateSecret();
            if (secret.length == c) {
                return secret;
            }
            byte[] padded = Bytes.unsigned(new BigInteger(1, secret), c);
            Bytes.zero(secret);
            return padded;
        } catch (InvalidKeyException | InvalidKeySpecException e) {
            throw new InvalidPeerKeyException("ECP peer key refused: " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new InvalidPeerKeyException("ECDH failed: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDH unavailable", e);
        }
    }

    // --- affine arithmetic for fromPrivate only (a null entry is the point at infinity) ---

    private static BigInteger[] multiply(Curve curve, BigInteger k, BigInteger gx, BigInteger gy) {
        BigInteger[] result = null;
        BigInteger[] addend = {gx, gy};
        for (int i = 0; i < k.bitLength(); i++) {
            if (k.testBit(i)) {
                result = add(curve, result, addend);
            }
            addend = add(curve, addend, addend);
        }
        if (result == null) {
            throw new IllegalArgumentException("scalar multiple is the point at infinity");
        }
        return result;
    }

    private static BigInteger[] add(Curve curve, BigInteger[] s, BigInteger[] t) {
        if (s == null) {
            return t;
        }
        if (t == null) {
            return s;
        }
        BigInteger p = curve.p;
        BigInteger lambda;
        if (s[0].equals(t[0])) {
            if (s[1].add(t[1]).mod(p).signum() == 0) {
                return null;
            }
            BigInteger num = s[0].multiply(s[0]).multiply(BigInteger.valueOf(3)).add(curve.a);
            lambda = num.multiply(s[1].shiftLeft(1).modInverse(p)).mod(p);
        } else {
            lambda = t[1].subtract(s[1]).multiply(t[0].subtract(s[0]).modInverse(p)).mod(p);
        }
        BigInteger x = lambda.multiply(lambda).subtract(s[0]).subtract(t[0]).mod(p);
        BigInteger y = lambda.multiply(s[0].subtract(x)).subtract(s[1]).mod(p);
        return new BigInteger[] {x, y};
    }

    @Override
    public String toString() {
        return "EcpKeyExchange[group=" + curve.group + "]";
    }
}
