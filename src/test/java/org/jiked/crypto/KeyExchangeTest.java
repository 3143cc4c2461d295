package org.jiked.crypto;

import static org.jiked.crypto.Hex.bytes;
import static org.jiked.crypto.Hex.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.jiked.wire.TransformType;
import org.junit.jupiter.api.Test;

class KeyExchangeTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int[] GROUPS = {14, 15, 16, 19, 20, 21, 31, 32};

    @Test
    void supportedGroupsAndLengths() {
        int[] lengths = {256, 384, 512, 64, 96, 132, 32, 56};
        for (int i = 0; i < GROUPS.length; i++) {
            assertTrue(KeyExchanges.isSupported(GROUPS[i]));
            assertEquals(lengths[i], KeyExchanges.publicValueLength(GROUPS[i]));
        }
        for (int unsupported : new int[] {0, 1, 2, 5, 17, 18, 22, 30, 33}) {
            assertFalse(KeyExchanges.isSupported(unsupported));
            assertThrows(IllegalArgumentException.class,
                    () -> KeyExchanges.publicValueLength(unsupported));
            assertThrows(IllegalArgumentException.class,
                    () -> KeyExchanges.generate(unsupported, RANDOM));
        }
    }

    @Test
    void generatedPartiesAgreeInEveryGroup() throws Exception {
        for (int group : GROUPS) {
            KeyExchange a = KeyExchanges.generate(group, RANDOM);
            KeyExchange b = KeyExchanges.generate(group, RANDOM);
            assertEquals(group, a.group());
            assertEquals(KeyExchanges.publicValueLength(group), a.publicValue().length);
            byte[] ab = a.sharedSecret(b.publicValue());
            assertArrayEquals(ab, b.sharedSecret(a.publicValue()), "group " + group);
            assertFalse(Arrays.equals(a.publicValue(), b.publicValue()));
            int secretLength = switch (group) {
                case 19 -> 32;
                case 20 -> 48;
                case 21 -> 66;
                default -> KeyExchanges.publicValueLength(group);
            };
            assertEquals(secretLength, ab.length, "group " + group);
        }
    }

    @Test
    void wrongLengthIsRefusedInEveryGroup() {
        for (int group : GROUPS) {
            KeyExchange a = KeyExchanges.generate(group, RANDOM);
            byte[] good = KeyExchanges.generate(group, RANDOM).publicValue();
            assertThrows(InvalidPeerKeyException.class,
                    () -> a.sharedSecret(Arrays.copyOf(good, good.length + 1)));
            assertThrows(InvalidPeerKeyException.class,
                    () -> a.sharedSecret(Arrays.copyOf(good, good.length - 1)));
            assertThrows(InvalidPeerKeyException.class, () -> a.sharedSecret(new byte[0]));
        }
    }

    // --- MODP (RFC 3526, RFC 6989) ---

    @Test
    void modpPrimesHaveTheRfc3526Shape() {
        for (int group : new int[] {14, 15, 16}) {
            BigInteger p = ModpKeyExchange.prime(group);
            int bits = KeyExchanges.publicValueLength(group) * 8;
            assertEquals(bits, p.bitLength());
            BigInteger low64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
            assertEquals(low64, p.and(low64), "low 64 bits set");
            assertEquals(low64, p.shiftRight(bits - 64), "high 64 bits set");
            assertEquals(7, p.mod(BigInteger.valueOf(8)).intValue());
        }
        // The full safe-prime check only for the smallest group, to keep the suite quick.
        BigInteger p = ModpKeyExchange.prime(14);
        assertTrue(p.isProbablePrime(16));
        assertTrue(p.shiftRight(1).isProbablePrime(16));
    }

    @Test
    void modpRefusesOutOfRangePeerValues() {
        for (int group : new int[] {14, 15, 16}) {
            KeyExchange a = KeyExchanges.generate(group, RANDOM);
            int length = KeyExchanges.publicValueLength(group);
            BigInteger p = ModpKeyExchange.prime(group);
            for (BigInteger y : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE,
                    p.subtract(BigInteger.ONE), p, p.add(BigInteger.ONE)}) {
                byte[] encoded = Bytes.unsigned(y, length);
                assertThrows(InvalidPeerKeyException.class, () -> a.sharedSecret(encoded),
                        "group " + group + " y=" + y.toString(16));
            }
            byte[] allOnes = new byte[length];
            Arrays.fill(allOnes, (byte) 0xff);
            assertThrows(InvalidPeerKeyException.class, () -> a.sharedSecret(allOnes));
        }
    }

    @Test
    void modpFromPrivateComputesTwoToTheX() throws Exception {
        KeyExchange a = KeyExchanges.fromPrivate(14, new byte[] {3});
        byte[] expected = new byte[256];
        expected[255] = 8;
        assertArrayEquals(expected, a.publicValue());
        KeyExchange b = KeyExchanges.fromPrivate(14, new byte[] {5});
        byte[] secret = a.sharedSecret(b.publicValue());
        assertEquals(BigInteger.TWO.pow(15), new BigInteger(1, secret));
        assertThrows(IllegalArgumentException.class,
                () -> KeyExchanges.fromPrivate(14, new byte[] {1}));
    }

    // --- ECP (RFC 5903) ---

    private static void checkRfc5903(int group, String i, String gix, String giy, String r,
                                     String grx, String gry, String girx) throws Exception {
        KeyExchange initiator = KeyExchanges.fromPrivate(group, bytes(i));
        KeyExchange responder = KeyExchanges.fromPrivate(group, bytes(r));
        assertArrayEquals(bytes(gix + giy), initiator.publicValue(), "g^i, group " + group);
        assertArrayEquals(bytes(grx + gry), responder.publicValue(), "g^r, group " + group);
        assertArrayEquals(bytes(girx), initiator.sharedSecret(bytes(grx + gry)));
        assertArrayEquals(bytes(girx), responder.sharedSecret(bytes(gix + giy)));
    }

    /** RFC 5903 section 8.1. */
    @Test
    void rfc5903Ecp256() throws Exception {
        checkRfc5903(TransformType.ECP_256,
                "C88F01F5 10D9AC3F 70A292DA A2316DE5 44E9AAB8 AFE84049 C62A9C57 862D1433",
                "DAD0B653 94221CF9 B051E1FE CA5787D0 98DFE637 FC90B9EF 945D0C37 72581180",
                "5271A046 1CDB8252 D61F1C45 6FA3E59A B1F45B33 ACCF5F58 389E0577 B8990BB3",
                "C6EF9C5D 78AE012A 011164AC B397CE20 88685D8F 06BF9BE0 B283AB46 476BEE53",
                "D12DFB52 89C8D4F8 1208B702 70398C34 2296970A 0BCCB74C 736FC755 4494BF63",
                "56FBF3CA 366CC23E 8157854C 13C58D6A AC23F046 ADA30F83 53E74F33 039872AB",
                "D6840F6B 42F6EDAF D13116E0 E1256520 2FEF8E9E CE7DCE03 812464D0 4B9442DE");
    }

    /** RFC 5903 section 8.2. */
    @Test
    void rfc5903Ecp384() throws Exception {
        checkRfc5903(TransformType.ECP_384,
                "099F3C70 34D4A2C6 99884D73 A375A67F 7624EF7C 6B3C0F16 0647B674 14DCE655"
                        + "E35B5380 41E649EE 3FAEF896 783AB194",
                "667842D7 D180AC2C DE6F74F3 7551F557 55C7645C 20EF73E3 1634FE72 B4C55EE6"
                        + "DE3AC808 ACB4BDB4 C88732AE E95F41AA",
                "9482ED1F C0EEB9CA FC498462 5CCFC23F 65032149 E0E144AD A0241815 35A0F38E"
                        + "EB9FCFF3 C2C947DA E69B4C63 4573A81C",
                "41CB0779 B4BDB85D 47846725 FBEC3C94 30FAB46C C8DC5060 855CC9BD A0AA2942"
                        + "E0308312 916B8ED2 960E4BD5 5A7448FC",
                "E558DBEF 53EECDE3 D3FCCFC1 AEA08A89 A987475D 12FD950D 83CFA417 32BC509D"
                        + "0D1AC43A 0336DEF9 6FDA41D0 774A3571",
                "DCFBEC7A ACF31964 72169E83 8430367F 66EEBE3C 6E70C416 DD5F0C68 759DD1FF"
                        + "F83FA401 42209DFF 5EAAD96D B9E6386C",
                "11187331 C279962D 93D60424 3FD592CB 9D0A926F 422E4718 7521287E 7156C5C4"
                        + "D6031355 69B9E9D0 9CF5D4A2 70F59746");
    }

    /** RFC 5903 section 8.3. */
    @Test
    void rfc5903Ecp521() throws Exception {
        checkRfc5903(TransformType.ECP_521,
                "0037ADE9 319A89F4 DABDB3EF 411AACCC A5123C61 ACAB57B5 393DCE47 608172A0"
                        + "95AA85A3 0FE1C295 2C6771D9 37BA9777 F5957B26 39BAB072 462F68C2 7A57382D"
                        + "4A52",
                "0015417E 84DBF28C 0AD3C278 713349DC 7DF153C8 97A1891B D98BAB43 57C9ECBE"
                        + "E1E3BF42 E00B8E38 0AEAE57C 2D107564 94188594 2AF5A7F4 601723C4 195D176C"
                        + "ED3E",
                "017CAE20 B6641D2E EB695786 D8C94614 6239D099 E18E1D5A 514C739D 7CB4A10A"
                        + "D8A78801 5AC405D7 799DC75E 7B7D5B6C F2261A6A 7F150743 8BF01BEB 6CA3926F"
                        + "9582",
                "0145BA99 A847AF43 793FDD0E 872E7CDF A16BE30F DC780F97 BCCC3F07 8380201E"
                        + "9C677D60 0B343757 A3BDBF2A 3163E4C2 F869CCA7 458AA4A4 EFFC311F 5CB15168"
                        + "5EB9",
                "00D0B397 5AC4B799 F5BEA16D 5E13E9AF 971D5E9B 984C9F39 728B5E57 39735A21"
                        + "9B97C356 436ADC6E 95BB0352 F6BE64A6 C2912D4E F2D0433C ED2B6171 640012D9"
                        + "460F",
                "015C6822 6383956E 3BD066E7 97B623C2 7CE0EAC2 F551A10C 2C724D98 52077B87"
                        + "220B6536 C5C408A1 D2AEBB8E 86D678AE 49CB5709 1F473229 6579AB44 FCD17F0F"
                        + "C56A",
                "01144C7D 79AE6956 BC8EDB8E 7C787C45 21CB086F A64407F9 7894E5E6 B2D79B04"
                        + "D1427E73 CA4BAA24 0A347868 59810C06 B3C715A3 A8CC3151 F2BEE417 996D19F3"
                        + "DDEA");
    }

    @Test
    void ecpRefusesPointsOffTheCurve() {
        for (int group : new int[] {19, 20, 21}) {
            KeyExchange a = KeyExchanges.generate(group, RANDOM);
            byte[] good = KeyExchanges.generate(group, RANDOM).publicValue();
            int c = good.length / 2;

            byte[] badY = good.clone();
            badY[good.length - 1] ^= 1;
            assertThrows(InvalidPeerKeyException.class, () -> a.sharedSecret(badY));

            byte[] badX = good.clone();
            badX[c - 1] ^= 1;
            assertThrows(InvalidPeerKeyException.class, () -> a.sharedSecret(badX));

            assertThrows(InvalidPeerKeyException.class, () -> a.sharedSecret(new byte[2 * c]));

            byte[] allOnes = new byte[2 * c];
            Arrays.fill(allOnes, (byte) 0xff);
            assertThrows(InvalidPeerKeyException.class, () -> a.sharedSecret(allOnes));
        }
    }

    /**
     * P-521 coordinates have 7 spare bits in their 66 octets, so y + p is encodable and would
     * pass a curve equation computed mod p: it must be refused as out of range instead.
     */
    @Test
    void ecpRefusesCoordinatesAboveThePrime() throws Exception {
        KeyExchange a = KeyExchanges.generate(21, RANDOM);
        byte[] good = KeyExchanges.generate(21, RANDOM).publicValue();
        BigInteger p = BigInteger.TWO.pow(521).subtract(BigInteger.ONE);
        BigInteger x = new BigInteger(1, Arrays.copyOf(good, 66));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(good, 66, 132));
        a.sharedSecret(good);
        byte[] yAlias = Bytes.concat(Bytes.unsigned(x, 66), Bytes.unsigned(y.add(p), 66));
        assertThrows(InvalidPeerKeyException.class, () -> a.sharedSecret(yAlias));
        byte[] xAlias = Bytes.concat(Bytes.unsigned(x.add(p), 66), Bytes.unsigned(y, 66));
        assertThrows(InvalidPeerKeyException.class, () -> a.sharedSecret(xAlias));
    }

    // --- Curve25519 / Curve448 (RFC 7748, RFC 8031) ---

    private static String x(int group, String scalar, String u) throws Exception {
        return hex(KeyExchanges.fromPrivate(group, bytes(scalar)).sharedSecret(bytes(u)));
    }

    /** RFC 7748 section 5.2, the two single-call vectors per function. */
    @Test
    void rfc7748FunctionVectors() throws Exception {
        assertEquals("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
                x(31, "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
                        "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"));
        // The u-coordinate's top bit is set here: it must be masked, not refused.
        assertEquals("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957",
                x(31, "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
                        "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"));
        assertEquals("ce3e4ff95a60dc6697da1db1d85e6afbdf79b50a2412d7546d5f239fe14fbaad"
                        + "eb445fc66a01b0779d98223961111e21766282f73dd96b6f",
                x(32, "3d262fddf9ec8e88495266fea19a34d28882acef045104d0d1aae121700a779c"
                                + "984c24f8cdd78fbff44943eba368f54b29259a4f1c600ad3",
                        "06fce640fa3487bfda5f6cf2d5263f8aad88334cbd07437f020f08f9814dc031"
                                + "ddbdc38c19c6da2583fa5429db94ada18aa7a7fb4ef8a086"));
        assertEquals("884a02576239ff7a2f2f63b2db6a9ff37047ac13568e1e30fe63c4a7ad1b3ee3"
                        + "a5700df34321d62077e63633c575c1c954514e99da7c179d",
                x(32, "203d494428b8399352665ddca42f9de8fef600908e0d461cb021f8c538345dd7"
                                + "7c3e4806e25f46d3315c44e0a5b4371282dd2c8d5be3095f",
                        "0fbcc2f993cd56d3305b0b7d9e55d4c1a8fb5dbb52f8e9a1e9b6201b165d0158"
                                + "94e56c4d3570bee52fe205e28a78b91cdfbde71ce8d157db"));
    }

    /** RFC 7748 section 5.2, iterating k, u := X(k, u), k from k = u = the base point. */
    @Test
    void rfc7748IteratedVectors() throws Exception {
        assertEquals("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079",
                iterate(31, 1));
        assertEquals("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51",
                iterate(31, 1000));
        assertEquals("3f482c8a9f19b01e6c46ee9711d9dc14fd4bf67af30765c2ae2b846a4d23a8cd"
                + "0db897086239492caf350b51f833868b9bc2b3bca9cf4113", iterate(32, 1));
    }

    private static String iterate(int group, int times) throws Exception {
        byte[] k = new byte[KeyExchanges.publicValueLength(group)];
        k[0] = (byte) (group == 31 ? 9 : 5);
        byte[] u = k.clone();
        for (int i = 0; i < times; i++) {
            byte[] next = KeyExchanges.fromPrivate(group, k).sharedSecret(u);
            u = k;
            k = next;
        }
        return hex(k);
    }

    /** RFC 7748 section 6.1 (X25519) and 6.2 (X448): Alice and Bob. */
    @Test
    void rfc7748DiffieHellman() throws Exception {
        checkAliceBob(31,
                "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
                "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
                "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
                "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
                "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
        checkAliceBob(32,
                "9a8f4925d1519f5775cf46b04b5800d4ee9ee8bae8bc5565d498c28dd9c9baf5"
                        + "74a9419744897391006382a6f127ab1d9ac2d8c0a598726b",
                "9b08f7cc31b7e3e67d22d5aea121074a273bd2b83de09c63faa73d2c22c5d9bb"
                        + "c836647241d953d40c5b12da88120d53177f80e532c41fa0",
                "1c306a7ac2a0e2e0990b294470cba339e6453772b075811d8fad0d1d6927c120"
                        + "bb5ee8972b0d3e21374c9c921b09d1b0366f10b65173992d",
                "3eb7a829b0cd20f5bcfc0b599b6feccf6da4627107bdb0d4f345b43027d8b972"
                        + "fc3e34fb4232a13ca706dcb57aec3dae07bdc1c67bf33609",
                "07fff4181ac6cc95ec1c16a94a0f74d12da232ce40a77552281d282bb60c0b56"
                        + "fd2464c335543936521c24403085d59a449a5037514a879d");
    }

    private static void checkAliceBob(int group, String alicePrivate, String alicePublic,
                                      String bobPrivate, String bobPublic, String shared)
            throws Exception {
        KeyExchange alice = KeyExchanges.fromPrivate(group, bytes(alicePrivate));
        KeyExchange bob = KeyExchanges.fromPrivate(group, bytes(bobPrivate));
        assertEquals(alicePublic, hex(alice.publicValue()));
        assertEquals(bobPublic, hex(bob.publicValue()));
        assertEquals(shared, hex(alice.sharedSecret(bob.publicValue())));
        assertEquals(shared, hex(bob.sharedSecret(alice.publicValue())));
    }

    /** Low-order points give an all-zero X25519 / X448 output, which must be refused. */
    @Test
    void lowOrderPointsAreRefused() {
        KeyExchange x25519 = KeyExchanges.generate(31, RANDOM);
        for (String u : new String[] {
                "0000000000000000000000000000000000000000000000000000000000000000",
                "0100000000000000000000000000000000000000000000000000000000000000",
                "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
                "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
                "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"}) {
            assertThrows(InvalidPeerKeyException.class, () -> x25519.sharedSecret(bytes(u)), u);
        }
        KeyExchange x448 = KeyExchanges.generate(32, RANDOM);
        byte[] zero = new byte[56];
        byte[] one = new byte[56];
        one[0] = 1;
        byte[] minusOne = Bytes.unsignedLittleEndian(BigInteger.TWO.pow(448)
                .subtract(BigInteger.TWO.pow(224)).subtract(BigInteger.TWO), 56);
        for (byte[] u : new byte[][] {zero, one, minusOne}) {
            assertThrows(InvalidPeerKeyException.class, () -> x448.sharedSecret(u), hex(u));
        }
    }

    @Test
    void toStringHidesPrivateValues() {
        for (int group : GROUPS) {
            String s = KeyExchanges.generate(group, RANDOM).toString();
            assertTrue(s.contains(Integer.toString(group)) && s.length() < 40, s);
        }
    }
}
