package org.jiked.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.jiked.wire.TransformType;

/**
 * Finite-field Diffie-Hellman over the RFC 3526 MODP groups 14 (2048-bit), 15 (3072-bit) and
 * 16 (4096-bit), generator 2.
 *
 * <p>The private exponent is drawn with the "exponent size" of RFC 3526 section 8, second
 * strength estimate (320 / 420 / 480 bits), which is more than twice each group's security
 * strength. The arithmetic is BigInteger.modPow. Measured once on the 2-core build machine
 * (JDK 25, warmed up), a group 14 exchange (key pair plus shared secret, 320-bit exponent) ran
 * at about 1100/s with modPow and 1000-1100/s with KeyAgreement "DH" + DHParameterSpec, whose
 * provider runs the same modPow underneath: no gain from the JCA path, so we keep the direct
 * call, which skips the key-object wrapping and keeps the RFC 6989 checks in one place.
 * modPow is not constant-time, but neither is the JDK's DH.
 */
final class ModpKeyExchange implements KeyExchange {
    static final BigInteger MODP_2048 = new BigInteger(
            "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74" +
            "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437" +
            "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
            "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05" +
            "98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB" +
            "9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
            "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718" +
            "3995497CEA956AE515D2261898FA051015728E5A8AACAA68FFFFFFFFFFFFFFFF", 16);

    static final BigInteger MODP_3072 = new BigInteger(
            "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74" +
            "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437" +
            "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
            "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05" +
            "98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB" +
            "9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
            "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718" +
            "3995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33" +
            "A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7" +
            "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864" +
            "D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2" +
            "08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF", 16);

    static final BigInteger MODP_4096 = new BigInteger(
            "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74" +
            "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437" +
            "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
            "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05" +
            "98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB" +
            "9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
            "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718" +
            "3995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33" +
            "A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7" +
            "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864" +
            "D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2" +
            "08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A92108011A723C12A787E6D7" +
            "88719A10BDBA5B2699C327186AF4E23C1A946834B6150BDA2583E9CA2AD44CE8" +
            "DBBBC2DB04DE8EF92E8EFC141FBECAA6287C59474E6BC05D99B2964FA090C3A2" +
            "233BA186515BE7ED1F612970CEE2D7AFB81BDD762170481CD0069127D5B05AA9" +
            "93B4EA988D8FDDC186FFB7DC90A6C08F4DF435C934063199FFFFFFFFFFFFFFFF", 16);

    private static final BigInteger TWO = BigInteger.TWO;

    private final int group;
    private final BigInteger p;
    private final int length;
    private final BigInteger x;
    private final byte[] publicValue;

    private ModpKeyExchange(int group, BigInteger x) {
        this.group = group;
        this.p = prime(group);
        this.length = KeyExchanges.publicValueLength(group);
        this.x = x;
        this.publicValue = Bytes.unsigned(TWO.modPow(x, p), length);
    }

    static ModpKeyExchange generate(int group, SecureRandom random) {
        int bits = exponentBits(group);
        BigInteger x;
        do {
            x = new BigInteger(bits, random);
        } while (x.compareTo(TWO) < 0);
        return new ModpKeyExchange(group, x);
    }

    /** A key pair with a known exponent (big-endian octets), for known-answer tests. */
    static ModpKeyExchange fromPrivate(int group, byte[] exponent) {
        BigInteger x = new BigInteger(1, exponent);
        BigInteger p = prime(group);
        if (x.compareTo(TWO) < 0 || x.compareTo(p.subtract(TWO)) > 0) {
            throw new IllegalArgumentException("private exponent out of range");
        }
        return new ModpKeyExchange(group, x);
    }

    static BigInteger prime(int group) {
        return switch (group) {
            case TransformType.MODP_2048 -> MODP_2048;
            case TransformType.MODP_3072 -> MODP_3072;
            case TransformType.MODP_4096 -> MODP_4096;
            default -> throw new IllegalArgumentException("not a MODP group: " + group);
        };
    }

    private static int exponentBits(int group) {
        return switch (group) {
            case TransformType.MODP_2048 -> 320;
            case TransformType.MODP_3072 -> 420;
            case TransformType.MODP_4096 -> 480;
            default -> throw new IllegalArgumentException("not a MODP group: " + group);
        };
    }

    @Override
    public int group() {
        return group;
    }

    @Override
    public byte[] publicValue() {
        return publicValue.clone();
    }

    @Override
    public byte[] sharedSecret(byte[] peerPublicValue) throws InvalidPeerKeyException {
        if (peerPublicValue.length != length) {
            throw new InvalidPeerKeyException("MODP group " + group + " key exchange data is "
                    + peerPublicValue.length + " octets, expected " + length);
        }
        BigInteger y = new BigInteger(1, peerPublicValue);
        // RFC 6989: 1 < y < p-1. For these safe primes that is enough: y then has
        // order q or 2q and no small-subgroup confinement is possible.
        if (y.compareTo(BigInteger.ONE) <= 0 || y.compareTo(p.subtract(BigInteger.ONE)) >= 0) {
            throw new InvalidPeerKeyException("MODP public value out of range (RFC 6989)");
        }
        BigInteger z = y.modPow(x, p);
        if (z.equals(BigInteger.ONE)) {
            throw new InvalidPeerKeyException("MODP shared secret is 1");
        }
        return Bytes.unsigned(z, length);
    }

    @Override
    public String toString() {
        return "ModpKeyExchange[group=" + group + "]";
    }
}
