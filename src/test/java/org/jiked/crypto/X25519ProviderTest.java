package org.jiked.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.jiked.wire.TransformType;
import org.junit.jupiter.api.Test;

/** Bouncy Castle's X25519 behind the seam: RFC 7748 answers, and the same answers as the JDK's XDH. */
class X25519ProviderTest {
    static final HexFormat HEX = HexFormat.of();

    @Test
    void rfc7748Section61DiffieHellmanVector() throws Exception {
        BcX25519KeyExchange alice = BcX25519KeyExchange.fromPrivate(
                HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        BcX25519KeyExchange bob = BcX25519KeyExchange.fromPrivate(
                HEX.parseHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
        assertEquals("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", HEX.formatHex(alice.publicValue()));
        assertEquals("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742",
                HEX.formatHex(alice.sharedSecret(bob.publicValue())));
    }

    @Test
    void agreesWithTheJdkBothWays() throws Exception {
        SecureRandom r = new SecureRandom();
        for (int i = 0; i < 20; i++) {
            KeyExchange bc = BcX25519KeyExchange.generate(r);
            KeyExchange jdk = XdhKeyExchange.generate(TransformType.CURVE25519, r);
            assertArrayEquals(jdk.sharedSecret(bc.publicValue()), bc.sharedSecret(jdk.publicValue()));
        }
    }

    @Test
    void lowOrderPointsAndWrongLengthsAreRefused() {
        KeyExchange bc = BcX25519KeyExchange.generate(new SecureRandom());
        byte[] zero = new byte[32];
        byte[] one = new byte[32];
        one[0] = 1;
        // p - 1 and p + 1 reduce to low-order points too
        byte[] pPlusOne = HEX.parseHex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
        for (byte[] u : new byte[][] {zero, one, pPlusOne}) {
            assertThrows(InvalidPeerKeyException.class, () -> bc.sharedSecret(u));
        }
        assertThrows(InvalidPeerKeyException.class, () -> bc.sharedSecret(new byte[31]));
        assertThrows(InvalidPeerKeyException.class, () -> bc.sharedSecret(new byte[33]));
    }

    @Test
    void bouncyCastleIsChosenUnlessTheJdkIsAskedFor() {
        assertEquals(X25519Provider.BOUNCY_CASTLE, X25519Provider.choose("bc"));
        assertEquals(X25519Provider.JDK, X25519Provider.choose("jdk"));
    }
}
