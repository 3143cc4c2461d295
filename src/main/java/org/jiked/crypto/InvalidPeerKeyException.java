package org.jiked.crypto;

/**
 * A peer's key exchange data that must not be used: wrong length, out of range or not on the
 * curve (RFC 6989), or leading to an all-zero shared secret (RFC 7748 section 6).
 * IKE answers it with INVALID_SYNTAX or by dropping the exchange, never with a crash.
 */
public final class InvalidPeerKeyException extends Exception {
    public InvalidPeerKeyException(String message) {
        super(message);
    }

    public InvalidPeerKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
