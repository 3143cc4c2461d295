package org.jiked.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jiked.testing.Root;
import org.junit.jupiter.api.Test;

/**
 * Root-only: packets sent with one sendmmsg on a raw socket (IP protocol 253, for experiments,
 * RFC 3692) to its own loopback address come back through recvmmsg with their payloads intact.
 */
class RawIpSocketBatchTest {

    @Test
    void sendmmsgToItselfComesBackThroughRecvmmsg() throws Exception {
        Root.assumeRoot();
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        try (RawIpSocket s = RawIpSocket.open(lo, 253);
             PacketBatch out = new PacketBatch(4, 2048);
             PacketBatch in = new PacketBatch(4, 2048)) {
            byte[][] sent = {new byte[] {1, 2, 3}, new byte[1400], new byte[] {(byte) 0xff}};
            sent[1][0] = 42;
            sent[1][1399] = 43;
            for (byte[] p : sent) {
                out.add(ByteBuffer.wrap(p), lo);
            }
            assertEquals(3, out.count());
            assertEquals(0, s.send(out));
            for (int i = 0; i < 3; i++) {
                assertFalse(out.failed(i));
            }
            List<byte[]> received = new ArrayList<>();
            ByteBuffer b = ByteBuffer.allocate(2048);
            while (received.size() < 3) {
                int n = s.receive(in);
                assertTrue(n > 0 && n <= 4);
                for (int i = 0; i < n; i++) {
                    b.clear();
                    int length = s.payload(in, i, b);
                    byte[] p = new byte[length];
                    b.get(p);
                    received.add(p);
                }
            }
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(sent[i], received.get(i));
            }
        }
    }
}
