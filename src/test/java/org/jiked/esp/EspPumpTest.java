package org.jiked.esp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The demultiplexing of port 4500 and the drop counters, without sockets or devices. */
class EspPumpTest {
    static final InetSocketAddress LOCAL = new InetSocketAddress("192.0.2.1", 4500);
    static final InetSocketAddress PEER = new InetSocketAddress("192.0.2.2", 4500);

    final SecurityAssociationDatabase sad = new SecurityAssociationDatabase();
    final EspStatistics stats = new EspStatistics();
    final List<byte[]> ike = new ArrayList<>();
    final EspPump pump = new EspPump(sad, stats, (l, r, d) -> ike.add(d), trap -> {});

    void receive(byte[] datagram) {
        ByteBuffer in = ByteBuffer.allocateDirect(datagram.length);
        in.put(datagram).flip();
        pump.receive(LOCAL, PEER, in, ByteBuffer.allocateDirect(4096));
    }

    @Test
    void ikeBehindTheNonEspMarkerGoesToTheEngineAndKeepalivesAreIgnored() {
        receive(new byte[] {0, 0, 0, 0, 1, 2, 3});
        receive(new byte[] {(byte) 0xff});
        assertEquals(1, ike.size());
        assertEquals(3, ike.getFirst().length);
        assertEquals(0, stats.snapshot().values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void unknownSpiTruncatedReplayedAndTamperedPacketsAreCountedByReason() {
        byte[] key = EspCodecTest.GCM_KEY;
        EspSa tx = EspSa.outbound(0x1001, EspCodecTest.GCM128, false, key, null, new AtomicLong(), new AtomicLong());
        EspSa rx = EspSa.inbound(0x1001, EspCodecTest.GCM128, false, key, null, 64, new AtomicLong(), new AtomicLong());
        EspTunnel t = new EspTunnel("vpn1", rx, tx,
                List.of(SecurityAssociationDatabaseTest.prefix("203.0.113.0", 24)),
                List.of(SecurityAssociationDatabaseTest.prefix("198.51.100.0", 24)), LOCAL, PEER, true, 0, 1);
        sad.install(t);
        byte[] pkt = EspCodecTest.encrypt(tx, EspCodecTest.INNER);

        byte[] wrongSpi = pkt.clone();
        wrongSpi[3] ^= 1;
        receive(wrongSpi);
        assertEquals(1, stats.drops(EspDrop.UNKNOWN_SPI));

        receive(new byte[] {0, 0, 0x10, 0x01, 0});
        assertEquals(1, stats.drops(EspDrop.TRUNCATED));

        byte[] tampered = pkt.clone();
        tampered[30] ^= 1;
        receive(tampered);
        assertEquals(1, stats.drops(EspDrop.ICV));

        // a valid packet decrypts; this test has no TUN device for unit 0, so it stops there
        receive(pkt);
        assertEquals(1, stats.drops(EspDrop.NO_INTERFACE));
        receive(pkt);
        assertEquals(1, stats.drops(EspDrop.REPLAY));
        assertEquals(1, rx.packets());
    }

    @Test
    void aDecryptedPacketOutsideTheSelectorsIsDropped() {
        byte[] key = EspCodecTest.GCM_KEY;
        EspSa tx = EspSa.outbound(0x2002, EspCodecTest.GCM128, false, key, null, new AtomicLong(), new AtomicLong());
        EspSa rx = EspSa.inbound(0x2002, EspCodecTest.GCM128, false, key, null, 64, new AtomicLong(), new AtomicLong());
        sad.install(new EspTunnel("vpn2", rx, tx, List.of(SecurityAssociationDatabaseTest.prefix("198.51.100.0", 24)),
                List.of(SecurityAssociationDatabaseTest.prefix("192.0.2.128", 25)), LOCAL, PEER, true, 0, 1));
        receive(EspCodecTest.encrypt(tx, EspCodecTest.INNER));
        assertEquals(1, stats.drops(EspDrop.SELECTOR_MISMATCH));
    }
}
