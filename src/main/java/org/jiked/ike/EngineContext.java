package org.jiked.ike;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.function.LongSupplier;

/**
 * What an {@link IkeEngine} takes from its surroundings, so that two engines can run in one JVM
 * and tests control time and randomness.
 *
 * @param clockMillis a monotonic clock in milliseconds
 * @param wallClockMillis wall-clock time for show output
 * @param random the source of SPIs, nonces and key-exchange secrets
 * @param transport sends one IKE datagram
 * @param childListener told when a CHILD_SA's keys are ready and when it is gone (the data plane)
 * @param log where engine events go
 */
public record EngineContext(LongSupplier clockMillis, LongSupplier wallClockMillis, SecureRandom random,
                            Transport transport, ChildSaListener childListener, EngineLog log) {

    /** Sends an IKE message; the transport adds the non-ESP marker on port 4500 (RFC 3948). */
    @FunctionalInterface
    public interface Transport {
        void send(InetSocketAddress local, InetSocketAddress remote, byte[] datagram);

        /** A NAT-keepalive (RFC 3948 section 2.3): one 0xFF octet on port 4500, without the non-ESP marker. */
        default void sendNatKeepalive(InetSocketAddress local, InetSocketAddress remote) {}
    }

    /** The data-plane side of CHILD_SAs. */
    public interface ChildSaListener {
        ChildSaListener NONE = new ChildSaListener() {
            @Override
            public void installed(org.jiked.child.ChildSa child) {}

            @Override
            public void removed(org.jiked.child.ChildSa child) {}
        };

        void installed(org.jiked.child.ChildSa child);

        void removed(org.jiked.child.ChildSa child);

        /**
         * A CHILD_SA installed with {@link org.jiked.child.ChildSa#outboundAfter()} set may now
         * carry outbound traffic: the SA it replaces is gone.
         */
        default void outboundReady(org.jiked.child.ChildSa child) {}

        /** The CHILD_SA's outer addresses changed (the peer moved behind its NAT). */
        default void moved(org.jiked.child.ChildSa child) {}
    }

    /** Engine log lines; the daemon prints them on stderr. */
    @FunctionalInterface
    public interface EngineLog {
        void log(String level, String message);
    }
}
