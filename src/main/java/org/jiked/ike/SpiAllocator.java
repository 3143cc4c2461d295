package org.jiked.ike;

import java.security.SecureRandom;

/**
 * Where an engine's own SPIs come from: the IKE SPI it puts in the header (RFC 7296 section 3.1)
 * and the inbound ESP SPI of its CHILD_SAs (section 3.3.1). The engine still rejects zero, the
 * reserved ESP SPIs below 256 and SPIs it already uses, and draws again. A daemon that runs
 * several engines side by side gives each a disjoint part of both SPI spaces, so the receive path
 * can tell from our SPI alone which engine owns a message and ESP SPIs never collide in the
 * shared data plane.
 */
public interface SpiAllocator {
    /** A candidate IKE SPI. */
    long ikeSpi(SecureRandom random);

    /** A candidate inbound ESP SPI. */
    int childSpi(SecureRandom random);

    /** The whole space, for an engine that runs alone. */
    SpiAllocator RANDOM = new SpiAllocator() {
        @Override
        public long ikeSpi(SecureRandom random) {
            return random.nextLong();
        }

        @Override
        public int childSpi(SecureRandom random) {
            return random.nextInt();
        }
    };
}
