package org.jiked.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jiked.testing.Charon;
import org.jiked.testing.CharonLogsOnFailure;
import org.jiked.testing.ConnectionSpec;
import org.jiked.testing.JikedDaemon;
import org.jiked.testing.JunosConfig;
import org.jiked.testing.Root;
import org.jiked.testing.TwoSiteTopology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Junk IKE_AUTH on valid SPIs (RFC 8019 section 2) in namespaces: {@code jiked bench ike
 * --junk-auth} completes IKE_SA_INIT for 8 SAs from 192.0.2.3 (a second address of site B, under
 * a gateway of its own, so charon's INITIAL_CONTACT does not remove them) and then sends 40,000
 * IKE_AUTH requests with a random SK payload on their SPIs at 4,000 per second, while charon at
 * 192.0.2.2 connects (a second time: the first tunnel, before the flood, warms the baseline). None verifies (each is counted as an integrity failure), none is answered,
 * jiked's heap after a full GC grows by less than the junk it received, and charon's tunnel comes up.
 */
@Tag("interop")
@ExtendWith(CharonLogsOnFailure.class)
class JunkIkeAuthFloodInteropTest {
    static final String PSK = "junk-psk-0123456789";
    static final int JUNK = 40_000;

    @Test
    void junkIkeAuthOnValidSpisIsDroppedUnansweredWhileCharonConnects() throws Exception {
        Root.assumeRoot();
        Root.requireTool("swanctl");
        Root.requireTool(Charon.CHARON);
        try (TwoSiteTopology topology = TwoSiteTopology.create();
             Charon charon = Charon.start(topology.b(), "b")) {
            topology.b().addAddress(TwoSiteTopology.EXT_IF, "192.0.2.3/24");
            charon.configure(ConnectionSpec.named("site-a").child("net")
                    .localAddrs("192.0.2.2").remoteAddrs("192.0.2.1").psk(PSK)
                    .ikeProposals("aes128gcm16-prfsha256-x25519").espProposals("aes128gcm16")
                    .localTs("203.0.113.0/24").remoteTs("198.51.100.0/24"));
            charon.loadAll();
            JunosConfig config = JunosConfig.site("192.0.2.1", "192.0.2.2").psk(PSK)
                    .ike("aes-128-gcm", "sha-256", "group31").esp("aes-128-gcm", null).establish("responder-only")
                    .trafficSelector("ts1", "198.51.100.0/24", "203.0.113.0/24")
                    .set("security ike gateway gw-junk ike-policy ike-pol")
                    .set("security ike gateway gw-junk address 192.0.2.3")
                    .set("security ike gateway gw-junk local-address 192.0.2.1")
                    .set("security ike gateway gw-junk version v2-only");
            try (JikedDaemon jiked = JikedDaemon.start(topology.a(), config.text())) {
                // a first tunnel before the baseline, so the baseline holds what serving charon loads
                charon.initiate("net", Duration.ofSeconds(20));
                jiked.cli("show security ike stats");
                long heapBefore = heapUsedAfterGc(jiked.pid());
                long cpuBefore = cpuMillis(jiked.pid());
                String java = ProcessHandle.current().info().command().orElse("java");
                List<String> cmd = topology.b().command(java, "-cp", System.getProperty("java.class.path"),
                        "org.jiked.daemon.Main", "bench", "ike", "--target", "192.0.2.1", "--source", "192.0.2.3",
                        "--junk-auth", "4000", "--junk-sas", "8", "--count", String.valueOf(JUNK), "--quiet");
                Process junk = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                Thread.sleep(3_000);
                // in the middle of the flood charon connects again, from scratch
                charon.terminateIke("site-a");
                jiked.waitFor("show security ike security-associations", s -> !s.contains("UP"),
                        Duration.ofSeconds(10));
                String up = charon.initiate("net", Duration.ofSeconds(20));
                assertTrue(junk.waitFor(60, TimeUnit.SECONDS), "the junk flood did not end");
                String report = new String(junk.getInputStream().readAllBytes());
                assertEquals(0, junk.exitValue(), report);
                long cpuMillis = cpuMillis(jiked.pid()) - cpuBefore;
                long heapAfter = heapUsedAfterGc(jiked.pid());
                Map<String, Long> stats = HalfOpenFloodInteropTest.stats(jiked.cli("show security ike stats"));

                assertTrue(charon.listSas().ike("site-a").map(s -> s.state().equals("ESTABLISHED")).orElse(false),
                        up + "\n" + charon.listSas().raw());
                assertTrue(report.contains("8 half-open IKE SAs"), report);
                Matcher sent = Pattern.compile("junk IKE_AUTH sent (\\d+)  answered (\\d+)").matcher(report);
                assertTrue(sent.find(), report);
                assertEquals(JUNK, Long.parseLong(sent.group(1)), report);
                assertEquals(0, Long.parseLong(sent.group(2)), "jiked answered junk: " + report);
                // some datagrams are lost on the way under load (about 1 %); none may be taken for real
                long failures = stats.get("integrity-failures");
                assertTrue(failures >= JUNK * 95L / 100 && failures <= JUNK, stats + "\n" + report);
                assertEquals(2, stats.get("ike-sa-established"), "only charon's two IKE SAs: " + stats);
                assertEquals(0, stats.get("decode-errors"), stats.toString());
                assertEquals(0, stats.get("invalid-spi"), "the junk was sent on live SPIs: " + stats);
                // 40,000 junk messages of about 290 octets are 11 MiB: none of it may stay
                long grownKib = heapAfter - heapBefore;
                assertTrue(grownKib < 4 * 1024, "heap grew by " + grownKib + " KiB (" + heapBefore + " -> "
                        + heapAfter + ")");
                System.out.println("junk IKE_AUTH flood: " + failures + " integrity failures, heap after GC "
                        + heapBefore + " KiB before, " + heapAfter + " KiB after, jiked CPU " + cpuMillis
                        + " ms during the flood (with charon's second tunnel)");
            }
        }
    }

    /** User and system CPU time of a process so far, from /proc (clock ticks of 10 ms). */
    static long cpuMillis(long pid) throws Exception {
        String stat = java.nio.file.Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    }

    /** The daemon's used heap in KiB after a full GC, from {@code jcmd PID GC.heap_info}. */
    static long heapUsedAfterGc(long pid) throws Exception {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        String jcmd = java.resolveSibling("jcmd").toString();
        run(jcmd, String.valueOf(pid), "GC.run");
        String info = run(jcmd, String.valueOf(pid), "GC.heap_info");
        Matcher m = Pattern.compile("used (\\d+)K").matcher(info);
        assertTrue(m.find(), info);
        return Long.parseLong(m.group(1));
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd) + ": " + out);
        return out;
    }
}
