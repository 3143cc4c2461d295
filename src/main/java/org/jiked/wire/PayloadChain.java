package org.jiked.wire;

/**
 * An encoded payload chain: the octets of the payloads and the type of the first one, which
 * belongs in the next-payload field of whatever precedes the chain (the IKE header, or the SK
 * payload header for an inner chain; RFC 7296 section 3.2).
 */
public record PayloadChain(int firstType, byte[] bytes) {
    public PayloadChain {
        bytes = bytes.clone();
    }
}
