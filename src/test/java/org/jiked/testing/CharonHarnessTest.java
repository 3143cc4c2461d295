package org.jiked.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.jiked.os.CommandResult;
import org.jiked.os.NetworkNamespace;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Proves the interop harness end to end with strongSwan on both sides: charon <-> charon, PSK,
 * tunnel between the two sites, a ping through it, and a clean teardown. The engine's interop
 * tests replace one side with jiked.
 *
 * <p>Data path, as observed here: charon's kernel-libipsec creates a TUN device {@code ipsec0}
 * in each namespace and, once the CHILD_SA is installed, a route in table 220 (with a rule
 * "from all lookup 220" at priority 220) such as
 * {@code 203.0.113.0/24 dev ipsec0 src 198.51.100.1}: charon picks as source the local address
 * that lies inside the local traffic selector. So a plain {@code ping -I 198.51.100.1 203.0.113.1}
 * in namespace A enters ipsec0, is encrypted in userspace and leaves as ESP-in-UDP/4500 over
 * the veth; B decrypts it onto its ipsec0, and the reply takes the same way back. No routes
 * need to be added by the test.
 */
@Tag("interop")
@ExtendWith(CharonLogsOnFailure.class)
class CharonHarnessTest {
    private static final String PSK = "harness-psk-0123456789";

    @Test
    void charonToCharonPskTunnelCarriesPing() throws Exception {
        Root.assumeRoot();
        Root.requireTool("swanctl");
        Root.requireTool(Charon.CHARON);
        Root.requireTool("ping");
        long t0 = System.nanoTime();
        try (TwoSiteTopology t = TwoSiteTopology.create();
             Charon a = Charon.start(t.a(), "a");
             Charon b = Charon.start(t.b(), "b")) {
            long started = System.nanoTime();
            a.configure(spec(t.outerAddressA(), t.outerAddressB(), t.siteSubnetA(), t.siteSubnetB()));
            b.configure(spec(t.outerAddressB(), t.outerAddressA(), t.siteSubnetB(), t.siteSubnetA()));
            a.loadAll();
            b.loadAll();

            String out = a.initiate("net");
            assertTrue(out.contains("CHILD_SA net{1} established"), out);
            long up = System.nanoTime();

            SwanctlSas sa = a.listSas();
            SwanctlSas sb = b.listSas();
            SwanctlSas.IkeSa ia = sa.ike("t").orElseThrow(() -> new AssertionError("no IKE SA on a:\n" + sa.raw()));
            SwanctlSas.IkeSa ib = sb.ike("t").orElseThrow(() -> new AssertionError("no IKE SA on b:\n" + sb.raw()));
            assertEquals("ESTABLISHED", ia.state());
            assertEquals("ESTABLISHED", ib.state());
            assertTrue(ia.initiator());
            assertFalse(ib.initiator());
            assertEquals(ia.spiI(), ib.spiI());
            assertEquals(ia.spiR(), ib.spiR());
            assertEquals("AES_GCM_16-256/PRF_HMAC_SHA2_256/CURVE_25519", ia.algorithms());
            assertEquals("192.0.2.2", ia.remoteHost());

            SwanctlSas.ChildSa ca = ia.child("net").orElseThrow();
            SwanctlSas.ChildSa cb = ib.child("net").orElseThrow();
            assertEquals("INSTALLED", ca.state());
            assertEquals("INSTALLED", cb.state());
            // kernel-libipsec always uses UDP encapsulation.
            assertEquals("TUNNEL-in-UDP", ca.mode());
            assertEquals("AES_GCM_16-256", ca.algorithms());
            assertEquals(ca.spiIn(), cb.spiOut());
            assertEquals(ca.spiOut(), cb.spiIn());
            assertEquals(List.of("198.51.100.0/24"), ca.localTs());
            assertEquals(List.of("203.0.113.0/24"), ca.remoteTs());

            String route = t.a().exec("ip", "route", "show", "table", "220").stdout();
            assertTrue(route.contains("203.0.113.0/24 dev ipsec0"), route);

            CommandResult ping = TwoSiteTopology.ping(t.a(), t.siteAddressA(), t.siteAddressB(), 3);
            assertTrue(ping.ok(), () -> "ping through the tunnel failed:\n" + ping.stdout() + ping.stderr());
            assertTrue(ping.stdout().contains("3 received"), ping.stdout());
            long pinged = System.nanoTime();
            // The packets really went through the SA: charon counts them.
            SwanctlSas.ChildSa counted = b.listSas().ike("t").orElseThrow().child("net").orElseThrow();
            assertTrue(b.listSas().raw().contains("3 packets"), b.listSas().raw());
            assertEquals(ca.spiOut(), counted.spiIn());

            String term = a.terminateIke("t");
            assertTrue(term.contains("terminate completed successfully"), term);
            assertTrue(a.listSas().isEmpty(), a.listSas().raw());
            b.waitForLog("IKE_SA t\\[\\d+\\] state change: .* => DESTROYING|IKE_SA deleted", Duration.ofSeconds(5));
            waitUntilEmpty(b);
            // One probe with a 1 s wait: without the SA, table 220 is empty and there is no route.
            assertFalse(t.a().execUnchecked(Duration.ofSeconds(5), "ping", "-n", "-q", "-c", "1", "-W", "1",
                    "-I", t.siteAddressA(), t.siteAddressB()).ok(), "ping must fail once the tunnel is gone");
            System.out.printf("CharonHarnessTest: setup %d ms, IKE+CHILD up %d ms, ping %d ms, total %d ms%n",
                    ms(t0, started), ms(started, up), ms(up, pinged), ms(t0, System.nanoTime()));
        }
    }

    @Test
    void twoCharonsDoNotShareRun() throws Exception {
        Root.assumeRoot();
        Root.requireTool(Charon.CHARON);
        // The private /run is what lets two charons start at all (pid file, default vici path).
        try (TwoSiteTopology t = TwoSiteTopology.create();
             Charon a = Charon.start(t.a(), "a");
             Charon b = Charon.start(t.b(), "b")) {
            assertTrue(a.isRunning() && b.isRunning());
            assertTrue(a.pid() != b.pid());
            NetworkNamespace ns = t.a();
            assertTrue(ns.exec("ip", "link", "show", "ipsec0").ok());
            assertTrue(a.waitForLog("loaded plugins: .*kernel-libipsec", Duration.ofSeconds(5)).contains("vici"));
        }
    }

    private static ConnectionSpec spec(String local, String remote, String localTs, String remoteTs) {
        return ConnectionSpec.named("t").child("net")
                .localAddrs(local).remoteAddrs(remote)
                .psk(PSK)
                .ikeProposals("aes256gcm16-prfsha256-x25519")
                .espProposals("aes256gcm16")
                .localTs(localTs).remoteTs(remoteTs);
    }

    private static void waitUntilEmpty(Charon c) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!c.listSas().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(c.listSas().isEmpty(), c.listSas().raw());
    }

    private static long ms(long from, long to) {
        return (to - from) / 1_000_000;
    }
}
