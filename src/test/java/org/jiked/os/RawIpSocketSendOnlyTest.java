package org.jiked.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import org.jiked.testing.Root;
import org.junit.jupiter.api.Test;

/**
 * Root-only: of two raw sockets on one address (IP protocol 254, for experiments, RFC 3692), the
 * one made {@link RawIpSocket#sendOnly} still sends but queues nothing, while the other one
 * receives what both send, as the data plane's DF and no-DF ESP sockets do.
 */
class RawIpSocketSendOnlyTest {

    @Test
    void aSendOnlySocketSendsButQueuesNothing() throws Exception {
        Root.assumeRoot();
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        try (RawIpSocket receiver = RawIpSocket.open(lo, 254);
             RawIpSocket sender = RawIpSocket.open(lo, 254)) {
            // before the filter the sender sees packets too: this one must not stay queued either
            receiver.send(ByteBuffer.wrap(new byte[] {1}), lo);
            ByteBuffer b = ByteBuffer.allocate(2048);
            assertEquals(1, receiver.receive(b));
            assertTrue(sender.hasQueued());
            sender.sendOnly();
            assertFalse(sender.hasQueued());
            sender.dontFragment(true);
            sender.send(ByteBuffer.wrap(new byte[] {2, 2}), lo);
            receiver.send(ByteBuffer.wrap(new byte[] {3, 3, 3}), lo);
            Set<Integer> got = new HashSet<>();
            for (int i = 0; i < 2; i++) {
                b.clear();
                int n = receiver.receive(b);
                byte[] p = new byte[n];
                b.get(p);
                assertArrayEquals(filled(n, (byte) n), p);
                got.add(n);
            }
            assertEquals(Set.of(2, 3), got);
            // both packets reached the receiver, so both were offered to the sender's socket as well
            assertFalse(sender.hasQueued());
        }
    }

    static byte[] filled(int n, byte v) {
        byte[] p = new byte[n];
        java.util.Arrays.fill(p, v);
        return p;
    }
}
