package org.jiked.crypto;

import java.math.BigInteger;
import org.jiked.wire.TransformType;

/** Group constants for tests outside this package that build hostile key exchange data. */
public final class KeyExchangeTestAccess {
    private KeyExchangeTestAccess() {}

    /** The RFC 3526 2048-bit MODP prime (group 14). */
    public static BigInteger modp2048() {
        return ModpKeyExchange.prime(TransformType.MODP_2048);
    }
}
