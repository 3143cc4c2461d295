package org.jiked.crypto;

import java.security.SecureRandom;

/**
 * Who computes X25519: the seam for the most frequent public-key operation of a responder (one
 * key pair and one agreement per IKE SA). Chosen by measurement on JDK 25 here, one core:
 * Bouncy Castle's {@code rfc7748.X25519} about 5,700 key pairs and agreements per second, the
 * JDK's XDH about 2,100, so Bouncy Castle is the default; {@code -Djiked.x25519=jdk} picks the
 * JDK (e.g. to compare, or where Bouncy Castle is not on the class path).
 */
enum X25519Provider {
    JDK,
    BOUNCY_CASTLE;

    static final X25519Provider CHOSEN = choose(System.getProperty("jiked.x25519", "bc"));

    static X25519Provider choose(String name) {
        if (name.equals("jdk")) {
            return JDK;
        }
        try {
            Class.forName("org.bouncycastle.math.ec.rfc7748.X25519");
            return BOUNCY_CASTLE;
        } catch (ClassNotFoundException e) {
            return JDK;
        }
    }

    KeyExchange generate(int group, SecureRandom random) {
        return this == BOUNCY_CASTLE ? BcX25519KeyExchange.generate(random) : XdhKeyExchange.generate(group, random);
    }
}
