package org.jiked.wire;

/**
 * The opened content of one SKF payload (RFC 7383 section 2.5): its position, the first inner
 * payload type (meaningful in fragment 1 only) and the plaintext with the padding removed. The
 * contents of fragments 1..total, concatenated in order, form the inner payload chain, which
 * {@link IkeMessageCodec#decodeChain} decodes.
 */
public record DecryptedFragment(int fragmentNumber, int totalFragments, int firstInnerType, byte[] content) {
    public DecryptedFragment {
        content = content.clone();
    }
}
