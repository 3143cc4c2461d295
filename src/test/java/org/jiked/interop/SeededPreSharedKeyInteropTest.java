package org.jiked.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jiked.testing.Charon;
import org.jiked.testing.CharonLogsOnFailure;
import org.jiked.testing.ConnectionSpec;
import org.jiked.testing.JikedDaemon;
import org.jiked.testing.Root;
import org.jiked.testing.TwoSiteTopology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code seeded-pre-shared-key} on a dynamic gateway in namespaces: 200 initiators of {@code jiked
 * bench ike --seeded-psk} each authenticate with the key derived from the seed and their own ID,
 * and charon, configured with the key that {@code request security ike pre-shared-key} prints
 * for its ID, gets its tunnel; with another ID's key it is refused.
 */
@Tag("interop")
@ExtendWith(CharonLogsOnFailure.class)
class SeededPreSharedKeyInteropTest {
    static final String SEED = "pico-cells-seed-0123456789";

    static String config() {
        return String.join("\n",
                "set security ike proposal ike-p authentication-method pre-shared-keys",
                "set security ike proposal ike-p dh-group group31",
                "set security ike proposal ike-p authentication-algorithm sha-256",
                "set security ike proposal ike-p encryption-algorithm aes-128-gcm",
                "set security ike policy ike-pol proposals ike-p",
                "set security ike policy ike-pol seeded-pre-shared-key ascii-text \"" + SEED + "\"",
                "set security ike gateway cells ike-policy ike-pol",
                "set security ike gateway cells dynamic general-ikeid",
                "set security ike gateway cells local-address 192.0.2.1",
                "set security ike gateway cells version v2-only",
                "set security ipsec proposal esp-p protocol esp",
                "set security ipsec proposal esp-p encryption-algorithm aes-128-gcm",
                "set security ipsec policy ipsec-pol proposals esp-p",
                "set security ipsec vpn cells ike gateway cells",
                "set security ipsec vpn cells ike ipsec-policy ipsec-pol",
                "set security ipsec vpn cells traffic-selector ts1 local-ip 198.51.100.0/24",
                "set security ipsec vpn cells traffic-selector ts1 remote-ip 203.0.113.0/24",
                "set security ipsec vpn cells establish-tunnels responder-only", "");
    }

    @Test
    void eachInitiatorAuthenticatesWithTheKeyOfItsOwnId() throws Exception {
        Root.assumeRoot();
        Root.requireTool("swanctl");
        Root.requireTool(Charon.CHARON);
        try (TwoSiteTopology topology = TwoSiteTopology.create();
             Charon charon = Charon.start(topology.b(), "b");
             JikedDaemon jiked = JikedDaemon.start(topology.a(), config())) {
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> cmd = topology.b().command(java, "-cp", System.getProperty("java.class.path"),
                    "org.jiked.daemon.Main", "bench", "ike", "--target", "192.0.2.1", "--seeded-psk", SEED,
                    "--proposal", "aes128gcm16-prfsha256-x25519", "--count", "200", "--concurrency", "20",
                    "--no-child", "--quiet");
            Process bench = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            assertTrue(bench.waitFor(60, TimeUnit.SECONDS), "the bench did not end");
            String report = new String(bench.getInputStream().readAllBytes());
            assertEquals(0, bench.exitValue(), report);
            String stats = jiked.cli("show security ike stats");
            Matcher established = Pattern.compile("ike-sa-established\\s+(\\d+)").matcher(stats);
            assertTrue(established.find() && Integer.parseInt(established.group(1)) == 200, stats + report);

            String line = jiked.cli("request security ike pre-shared-key user-id cell-1.example.net ike-policy ike-pol");
            Matcher key = Pattern.compile("Pre-shared key for user-id cell-1.example.net: ([0-9a-f]{64})").matcher(line);
            assertTrue(key.find(), line);
            String other = jiked.cli("request security ike pre-shared-key user-id cell-2.example.net ike-policy ike-pol");
            assertFalse(other.contains(key.group(1)), other);

            ConnectionSpec spec = ConnectionSpec.named("cells").child("net")
                    .localAddrs("192.0.2.2").remoteAddrs("192.0.2.1").localId("cell-1.example.net")
                    .ikeProposals("aes128gcm16-prfsha256-x25519").espProposals("aes128gcm16")
                    .localTs("203.0.113.0/24").remoteTs("198.51.100.0/24");
            charon.configure(spec.psk(other.substring(other.lastIndexOf(' ') + 1).strip()));
            charon.loadAll();
            assertFalse(charon.tryInitiate("net", Duration.ofSeconds(10)).ok(), "cell-2's key let cell-1 in");
            jiked.waitForLog("IKE_GATEWAY_PEER_FAILED: peer 192.0.2.2:4500 with ID cell-1.example.net, gateway cells,"
                    + " IKE_AUTH failed \\(AUTHENTICATION_FAILED\\)", Duration.ofSeconds(10));

            charon.configure(spec.psk(key.group(1)));
            charon.loadAll();
            String up = charon.initiate("net", Duration.ofSeconds(20));
            assertTrue(charon.listSas().ike("cells").map(s -> s.state().equals("ESTABLISHED")).orElse(false),
                    up + "\n" + charon.listSas().raw());
            String peers = jiked.waitFor("show security ike active-peer", s -> s.contains("cell-1.example.net"),
                    Duration.ofSeconds(10));
            assertTrue(peers.contains("192.0.2.2") && peers.contains("cells"), peers);
            String failed = jiked.cli("show security ike peers failed");
            assertTrue(failed.contains("cell-1.example.net") && failed.contains("AUTHENTICATION_FAILED"), failed);
        }
    }
}
