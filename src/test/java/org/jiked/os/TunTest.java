package org.jiked.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jiked.testing.Root;
import org.junit.jupiter.api.Test;

/**
 * Root-only: a TUN device opened through FFM, moved into a fresh namespace, answers a ping there.
 * The test reads the echo request from the device and writes the reply back into it.
 */
class TunTest {

    @Test
    void pingThroughATunDeviceAnsweredByTheTest() throws Exception {
        Root.assumeRoot();
        long pid = ProcessHandle.current().pid();
        String ifname = "jkt" + (pid % 100_000);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (NetworkNamespace ns = NetworkNamespace.create("jk-" + pid + "-7e-a");
             Tun tun = Tun.open(ifname)) {
            assertEquals(ifname, tun.name());
            Commands.run("ip", "link", "set", "dev", ifname, "netns", ns.name());
            ns.ip("link", "set", "dev", ifname, "mtu", "1400", "up");
            ns.ip("address", "add", "198.51.100.1/24", "dev", ifname);
            timer.schedule(tun::close, 15, TimeUnit.SECONDS);
            CompletableFuture<CommandResult> ping = CompletableFuture.supplyAsync(() ->
                    ns.execUnchecked(Duration.ofSeconds(20), "ping", "-n", "-c", "1", "-W", "5", "198.51.100.2"));
            ByteBuffer b = ByteBuffer.allocateDirect(2048);
            while (true) {
                b.clear();
                int n = tun.read(b);
                assertTrue(n > 0, "no echo request came out of the TUN device");
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
            tun.write(b);
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
