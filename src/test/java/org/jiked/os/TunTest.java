package org.jiked.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jiked.offload.VirtioNetHeader;
import org.jiked.testing.Root;
import org.junit.jupiter.api.Test;

/**
 * Root-only: a TUN device opened through FFM, moved into a fresh namespace, answers a ping there.
 * The test reads the echo request from the device and writes the reply back into it, without and
 * with offloads (a virtio_net_hdr in front of each packet).
 */
class TunTest {

    @Test
    void pingThroughATunDeviceAnsweredByTheTest() throws Exception {
        Root.assumeRoot();
        long pid = ProcessHandle.current().pid();
        try (Tun tun = Tun.open("jkt" + (pid % 100_000))) {
            assertFalse(tun.vnetHeader());
            assertEquals(0, tun.offloads());
            ping(tun, 0, "jk-" + pid + "-7e-a");
        }
    }

    /**
     * With offloads every packet carries a virtio_net_hdr: the echo request comes with one (no
     * GSO: an ICMP packet is whole), and the reply goes back behind an all-zero one.
     */
    @Test
    void pingThroughATunDeviceWithOffloads() throws Exception {
        Root.assumeRoot();
        long pid = ProcessHandle.current().pid();
        int wanted = Tun.TUN_F_CSUM | Tun.TUN_F_TSO4 | Tun.TUN_F_TSO6;
        try (Tun tun = Tun.openWithOffloads("jku" + (pid % 100_000), wanted)) {
            assertTrue(tun.vnetHeader());
            assertEquals(wanted, tun.offloads(), "this kernel takes checksum and TCP segmentation offload");
            ping(tun, VirtioNetHeader.LENGTH, "jk-" + pid + "-7e-b");
        }
    }

    /** Answers one ping to 198.51.100.2 sent from a fresh namespace through {@code tun}. */
    private static void ping(Tun tun, int headroom, String namespace) throws Exception {
        String ifname = tun.name();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (NetworkNamespace ns = NetworkNamespace.create(namespace)) {
            Commands.run("ip", "link", "set", "dev", ifname, "netns", ns.name());
            ns.ip("link", "set", "dev", ifname, "mtu", "1400", "up");
            ns.ip("address", "add", "198.51.100.1/24", "dev", ifname);
            timer.schedule(tun::close, 15, TimeUnit.SECONDS);
            CompletableFuture<CommandResult> ping = CompletableFuture.supplyAsync(() ->
                    ns.execUnchecked(Duration.ofSeconds(20), "ping", "-n", "-c", "1", "-W", "5", "198.51.100.2"));
            ByteBuffer frame = ByteBuffer.allocate(2048);
            ByteBuffer b;
            while (true) {
                frame.clear();
                int n = tun.read(frame);
                assertTrue(n > headroom, "no echo request came out of the TUN device");
                if (headroom > 0) {
                    VirtioNetHeader h = new VirtioNetHeader().read(frame, 0);
                    assertEquals(VirtioNetHeader.GSO_NONE, h.gsoType, h.toString());
                }
                b = frame.slice(headroom, n - headroom);
                boolean echo = (b.get(0) >>> 4) == 4 && b.get(9) == 1 && b.get(20) == 8
                        && b.getInt(16) == 0xc6336402;
                if (echo) {
                    break;
                }
            }
            // the reply: addresses swapped (the header checksum stays valid), ICMP type 0
            int src = b.getInt(12);
            b.putInt(12, b.getInt(16)).putInt(16, src);
            b.put(20, (byte) 0);
            b.putShort(22, (short) 0);
            b.putShort(22, (short) checksum(b, 20, b.limit() - 20));
            if (headroom > 0) {
                VirtioNetHeader.writeNone(frame, 0);
            }
            tun.write(frame.position(0).limit(headroom + b.limit()));
            CommandResult r = ping.get(20, TimeUnit.SECONDS);
            assertTrue(r.ok(), r.toString());
            assertTrue(r.stdout().contains("1 received"), r.stdout());
        } finally {
            timer.shutdownNow();
        }
    }

    static int checksum(ByteBuffer b, int from, int length) {
        long sum = 0;
        for (int i = 0; i + 1 < length; i += 2) {
            sum += b.getShort(from + i) & 0xffff;
        }
        if (length % 2 == 1) {
            sum += (b.get(from + length - 1) & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
