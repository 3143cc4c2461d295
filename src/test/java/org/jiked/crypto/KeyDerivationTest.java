package org.jiked.crypto;

import static org.jiked.crypto.Hex.bytes;
import static org.jiked.crypto.Hex.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.jiked.wire.TransformType;
import org.junit.jupiter.api.Test;

/**
 * IKE SA and Child SA key derivation (RFC 7296 sections 2.14, 2.17, 2.18) against the NIST
 * CAVP IKEv2 KDF component test vectors (SP 800-135, HMAC-SHA-1 cases), and against the
 * definitions recomputed by hand.
 */
class KeyDerivationTest {
    private static final Prf SHA1 = Prf.of(TransformType.PRF_HMAC_SHA1);
    private static final Prf SHA256 = Prf.of(TransformType.PRF_HMAC_SHA2_256);
    private static final Prf SHA512 = Prf.of(TransformType.PRF_HMAC_SHA2_512);

    /** All seven keys in derivation order; a 132-octet DKM is 3 x 20 + 2 x (20 + 16). */
    private static byte[] concat(IkeSaKeys k) {
        return Bytes.concat(k.skD(), k.skAi(), k.skAr(), k.skEi(), k.skEr(), k.skPi(), k.skPr());
    }

    private static byte[] concat(ChildSaKeys k) {
        return Bytes.concat(k.encrI(), k.integI(), k.encrR(), k.integR());
    }

    /** CAVP IKEv2 KDF, SHA-1, 64-bit nonces, 256-bit g^ir, 1056-bit DKM. */
    @Test
    void cavpSha1ShortNonces() {
        byte[] ni = bytes("32b50d5f4a3763f3");
        byte[] nr = bytes("9206a04b26564cb1");
        byte[] gir = bytes("4b2c1f971981a8ad8d0abeafabf38cf75fc8349c148142465ed9c8b516b8be52");
        byte[] girNew = bytes("863f3c9d06efd39d2b907b97f8699e5dd5251ef64a2a176f36ee40c87d4f9330");
        long spiI = 0x34c9e7c188868785L;
        long spiR = 0x3ff77d760d2b2199L;

        assertEquals("a9a7b222b59f8f48645f28a1db5b5f5d7479cba7",
                hex(IkeSaKeys.skeyseed(SHA1, ni, nr, gir)));
        IkeSaKeys keys = IkeSaKeys.derive(SHA1, ni, nr, gir, spiI, spiR, 20, 16);
        assertArrayEquals(bytes("""
                a14293677cc80ff8f9cc0eee30d895da 9d8f405666e30ef0dfcb63c634a46002
                a2a63080e514a062768b76606f9fa5e9 92204fc5a670bde3f10d6b027113936a
                5c55b648a194ae587b0088d52204b702 c979fa280870d2ed41efa9c549fd1119
                8af1670b143d384bd275c5f594cf266b 05ebadca855e4249520a441a81157435
                a7a56cc4"""), concat(keys));
        assertEquals("63e81194946ebd05df7df5ebf5d8750056bf1f1d",
                hex(IkeSaKeys.rekeySkeyseed(SHA1, keys.skD(), girNew, ni, nr)));
    }

    /** CAVP IKEv2 KDF, SHA-1, 1024-bit g^ir, with the Child SA DKMs. */
    @Test
    void cavpSha1WithChildSa() {
        byte[] ni = bytes("3651fef5c9c35e93");
        byte[] nr = bytes("c09a8b90a3f04d59");
        long spiI = 0x8e5c3ae507221684L;
        long spiR = 0xb1f201bb155c3acdL;
        byte[] gir = bytes("""
                d084a30166a50fb7325c3960874a839449ef9741c2f4f947d0201dd8c1269273
                d79509f37e3ca3eb4fa2fe2a28254e289cd3f34dad4eb4df1a07685a4b8a94fa
                61e2491f7598b3ce65547ff133b3f63d1ac4175eaa695033f3cedb026a6873a3
                6455172a8540b8a5d23a0143bed0390ee49b168269d75fffee9fb62be965993c""");
        byte[] girNew = bytes("""
                52f00ab174c25d5b7139ae5ff4e8e9eddee5992d2e36adf8a559ffd90dab1442
                e4fbe429d320c0f33552a17d1557fa41ea70e8fb916c4fa27ed52b5f8ebd8461
                afa78f1159159a64055ac5f6319e29c28eae58cbc6847770f32c3fed1d047504
                84f854790f95e9ec01bc5bc461f24966462e359511329305038e94deb6dd42c2""");

        assertEquals("cd2e8050137832245f1dbacc6e4f0a92f94d45d6",
                hex(IkeSaKeys.skeyseed(SHA1, ni, nr, gir)));
        IkeSaKeys keys = IkeSaKeys.derive(SHA1, ni, nr, gir, spiI, spiR, 20, 16);
        assertArrayEquals(bytes("""
                6f1b12cad3cbe097b35430356d869d54cddb0198ec859174d53ceb92dddedbe2
                436db69f60977c58fa63bbb667f8d36920b109baae8f6c61a9ac49feda018432
                25d080ec5539d5881a25521ffb2a0a91874a9c0a27fcc2d717eb8963a9e3a89c
                7ab264757284c28cf8c3ca40576f4220b052b1fb8e9ad60ba3c80557323331a8
                cbb89f20"""), concat(keys));

        // KEYMAT = prf+(SK_d, Ni | Nr): 132 octets split as 2 x (32 + 34).
        ChildSaKeys child = ChildSaKeys.derive(SHA1, keys.skD(), null, ni, nr, 32, 34);
        assertArrayEquals(bytes("""
                4727dc0ef94eb326ce131cf282fb652faa638ad0ddae3786a11bcc0309876009
                f8c485de011ad962c5b1ca8a41ff8145445749079c5686e26ffebbc342f06981
                f3da745e11ca0976424d1f8caec623d59dc7186deb20a27b411d1dcb70a36544
                0bf7de905088b0692e8addc094e18d1939bdb67e89798ca6b239e2ccb81c2409
                dac0106c"""), concat(child));

        // KEYMAT = prf+(SK_d, g^ir (new) | Ni | Nr).
        ChildSaKeys childPfs = ChildSaKeys.derive(SHA1, keys.skD(), girNew, ni, nr, 32, 34);
        assertArrayEquals(bytes("""
                b109c21ad4c0797768c1cec9e63554681e48f224bca7f23c20c4ea7041983451
                e9aa1d5408656c8a975ff1b9d9a12c75ffeb64bdecb30174664cccb4e14f1c37
                7b7f6d1525af77c7092aac3e47f917ebae8297fb5539d2008ce830823a09cc19
                7361d4a289c72745f6ce9fefe812be5bf55b3200fbb82e41a4a40877d3fe106d
                b909707b"""), concat(childPfs));

        assertEquals("3b03bce748c96d5e8306918d2ff89b68f0648da3",
                hex(IkeSaKeys.rekeySkeyseed(SHA1, keys.skD(), girNew, ni, nr)));
    }

    @Test
    void deriveSplitsPrfPlusOutputInRfcOrder() {
        byte[] ni = Hex.range(0, 31);
        byte[] nr = Hex.range(100, 131);
        byte[] gir = Hex.range(7, 70);
        long spiI = 0x0102030405060708L;
        long spiR = 0xf1f2f3f4f5f6f7f8L;
        IkeSaKeys keys = IkeSaKeys.derive(SHA256, ni, nr, gir, spiI, spiR, 0, 36);

        byte[] skeyseed = SHA256.compute(Bytes.concat(ni, nr), gir);
        byte[] seed = Bytes.concat(ni, nr, bytes("0102030405060708f1f2f3f4f5f6f7f8"));
        byte[] keymat = SHA256.prfPlus(skeyseed, seed, 3 * 32 + 2 * 36);
        assertArrayEquals(keymat, concat(keys));
        assertEquals(32, keys.skD().length);
        assertEquals(0, keys.skAi().length);
        assertEquals(36, keys.skEr().length);
        assertEquals(32, keys.skPr().length);
        assertArrayEquals(Arrays.copyOfRange(keymat, 32 + 36, 32 + 72), keys.skEr());
    }

    /** Section 2.18: SKEYSEED with the old PRF, prf+ with the new one. */
    @Test
    void rekeyUsesOldPrfForSkeyseedAndNewPrfForKeys() {
        byte[] oldSkD = Hex.range(1, 20);
        byte[] gir = Hex.range(30, 93);
        byte[] ni = Hex.range(0x40, 0x5f);
        byte[] nr = Hex.range(0x60, 0x7f);
        long spiI = 0x1111111111111111L;
        long spiR = 0x2222222222222222L;
        IkeSaKeys keys = IkeSaKeys.deriveRekey(SHA1, oldSkD, SHA512, gir, ni, nr, spiI, spiR,
                64, 32);

        byte[] skeyseed = SHA1.compute(oldSkD, Bytes.concat(gir, ni, nr));
        byte[] seed = Bytes.concat(ni, nr, Bytes.spi(spiI), Bytes.spi(spiR));
        assertArrayEquals(SHA512.prfPlus(skeyseed, seed, 3 * 64 + 2 * 64 + 2 * 32), concat(keys));
        assertEquals(64, keys.skD().length);
        assertEquals(64, keys.skPi().length);
    }

    @Test
    void childKeysSplitInitiatorFirst() {
        byte[] skD = Hex.range(0, 63);
        byte[] ni = Hex.range(1, 16);
        byte[] nr = Hex.range(17, 32);
        ChildSaKeys keys = ChildSaKeys.derive(SHA512, skD, null, ni, nr, 20, 0);
        byte[] keymat = SHA512.prfPlus(skD, Bytes.concat(ni, nr), 40);
        assertArrayEquals(Arrays.copyOf(keymat, 20), keys.encrI());
        assertArrayEquals(Arrays.copyOfRange(keymat, 20, 40), keys.encrR());
        assertEquals(0, keys.integI().length);
        assertEquals(0, keys.integR().length);
    }

    @Test
    void destroyZeroesAndToStringShowsNoKeyBytes() {
        IkeSaKeys keys = IkeSaKeys.derive(SHA256, Hex.range(0, 15), Hex.range(16, 31),
                Hex.range(32, 63), 1, 2, 32, 16);
        String text = keys.toString();
        assertFalse(text.contains(hex(keys.skD()).substring(0, 8)), text);
        assertFalse(text.toLowerCase().matches(".*[0-9a-f]{16}.*"), text);
        keys.destroy();
        for (byte[] k : new byte[][] {keys.skD(), keys.skAi(), keys.skAr(), keys.skEi(),
                keys.skEr(), keys.skPi(), keys.skPr()}) {
            assertTrue(Bytes.isAllZero(k));
        }

        ChildSaKeys child = ChildSaKeys.derive(SHA256, Hex.range(0, 31), null, Hex.range(0, 15),
                Hex.range(16, 31), 36, 32);
        String childText = child.toString();
        assertFalse(childText.contains(hex(child.encrI()).substring(0, 8)), childText);
        child.destroy();
        for (byte[] k : new byte[][] {child.encrI(), child.integI(), child.encrR(),
                child.integR()}) {
            assertTrue(Bytes.isAllZero(k));
        }
    }
}
