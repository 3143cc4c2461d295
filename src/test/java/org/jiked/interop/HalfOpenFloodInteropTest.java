package org.jiked.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * The half-open flood of RFC 8019 in namespaces: {@code jiked bench ike --flood} sends IKE_SA_INIT
 * requests from 32 source ports of site B's address at 1,000 per second, never completing them,
 * while charon at the same address connects. jiked demands cookies past its threshold, its
 * half-open count stays below max-count, it computes no key exchange for the flood beyond the
 * threshold, and charon (which answers cookies) gets its tunnel. Bounded: 4,000 requests.
 */
@Tag("interop")
@ExtendWith(CharonLogsOnFailure.class)
class HalfOpenFloodInteropTest {
    static final String PSK = "flood-psk-0123456789";

    @Test
    void charonConnectsWhileAFloodOfHalfOpenRequestsIsHeldOffByCookies() throws Exception {
        Root.assumeRoot();
        Root.requireTool("swanctl");
        Root.requireTool(Charon.CHARON);
        try (TwoSiteTopology topology = TwoSiteTopology.create();
             Charon charon = Charon.start(topology.b(), "b")) {
            charon.configure(ConnectionSpec.named("site-a").child("net")
                    .localAddrs("192.0.2.2").remoteAddrs("192.0.2.1").psk(PSK)
                    .ikeProposals("aes128gcm16-prfsha256-x25519").espProposals("aes128gcm16")
                    .localTs("203.0.113.0/24").remoteTs("198.51.100.0/24"));
            charon.loadAll();
            JunosConfig config = JunosConfig.site("192.0.2.1", "192.0.2.2").psk(PSK)
                    .ike("aes-128-gcm", "sha-256", "group31").esp("aes-128-gcm", null).establish("responder-only")
                    .trafficSelector("ts1", "198.51.100.0/24", "203.0.113.0/24")
                    .set("security ike session half-open max-count 200")
                    .set("security ike session half-open threshold send-cookie 20");
            try (JikedDaemon jiked = JikedDaemon.start(topology.a(), config.text())) {
                String java = ProcessHandle.current().info().command().orElse("java");
                List<String> cmd = topology.b().command(java, "-cp", System.getProperty("java.class.path"),
                        "org.jiked.daemon.Main", "bench", "ike", "--target", "192.0.2.1", "--flood", "1000",
                        "--count", "4000", "--source-ports", "32", "--quiet");
                Process flood = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                Thread.sleep(1_000);
                String up = charon.initiate("net", Duration.ofSeconds(20));
                assertTrue(flood.waitFor(30, TimeUnit.SECONDS), "the flood did not end");
                String report = new String(flood.getInputStream().readAllBytes());
                Map<String, Long> stats = stats(jiked.cli("show security ike stats"));
                assertTrue(charon.listSas().ike("site-a").map(s -> s.state().equals("ESTABLISHED")).orElse(false),
                        up + "\n" + charon.listSas().raw());
                assertTrue(stats.get("cookies-sent") > 1_000, stats + "\n" + report);
                assertTrue(stats.get("half-open-sas") <= 200, stats.toString());
                // The flood gets key exchanges only below the threshold: 20 at first, and 20 again
                // after charon's INITIAL_CONTACT removed the half-open SAs of its address (the
                // flood's); charon one or two. Not one per request: 4,000 were sent.
                assertTrue(stats.get("key-exchanges") <= 2 * 20 + 2, stats.toString());
                assertTrue(report.contains("with a COOKIE"), report);
            }
        }
    }

    static Map<String, Long> stats(String text) {
        Map<String, Long> out = new java.util.HashMap<>();
        Matcher m = Pattern.compile("([a-z][a-z0-9-]+)\\s*:?\\s+(\\d+)").matcher(text);
        while (m.find()) {
            out.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return out;
    }
}
