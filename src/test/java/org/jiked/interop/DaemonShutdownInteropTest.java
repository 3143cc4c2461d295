package org.jiked.interop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.jiked.testing.Charon;
import org.jiked.testing.CharonLogsOnFailure;
import org.jiked.testing.ConnectionSpec;
import org.jiked.testing.JikedDaemon;
import org.jiked.testing.JunosConfig;
import org.jiked.testing.Root;
import org.jiked.testing.SwanctlSas;
import org.jiked.testing.TwoSiteTopology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 2: "SIGTERM shuts it down cleanly (deletes its SAs with INFORMATIONAL Delete)". The
 * daemon is stopped the way an operator stops it, and charon, the peer, must hear the Delete and
 * drop the IKE SA at once rather than wait for its own liveness checks.
 */
@Tag("interop")
@ExtendWith(CharonLogsOnFailure.class)
class DaemonShutdownInteropTest {
    static final String PSK = "shutdown-psk-0123456789";

    TwoSiteTopology topology;
    Charon charon;
    JikedDaemon jiked;

    @BeforeEach
    void setUp() throws Exception {
        Root.assumeRoot();
        Root.requireTool("swanctl");
        Root.requireTool(Charon.CHARON);
        topology = TwoSiteTopology.create();
        charon = Charon.start(topology.b(), "b");
    }

    @AfterEach
    void tearDown() {
        if (jiked != null) {
            jiked.close();
        }
        if (charon != null) {
            charon.close();
        }
        if (topology != null) {
            topology.close();
        }
    }

    @Test
    void sigtermDeletesTheIkeSaAtThePeer() throws Exception {
        charon.configure(ConnectionSpec.named("site-a").child("net")
                .localAddrs("192.0.2.2").remoteAddrs("192.0.2.1")
                .psk(PSK).ikeProposals("aes256gcm16-prfsha256-x25519").espProposals("aes256gcm16")
                .localTs("203.0.113.0/24").remoteTs("198.51.100.0/24"));
        charon.loadAll();
        jiked = JikedDaemon.start(topology.a(), JunosConfig.site("192.0.2.1", "192.0.2.2").psk(PSK)
                .trafficSelector("ts1", "198.51.100.0/24", "203.0.113.0/24").text());
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        SwanctlSas sas = charon.listSas();
        while (System.nanoTime() < end && !(sas.ike("site-a").isPresent()
                && sas.ike("site-a").get().state().equals("ESTABLISHED")
                && !sas.ike("site-a").get().children().isEmpty())) {
            sleep(100);
            sas = charon.listSas();
        }
        assertTrue(sas.ike("site-a").isPresent() && sas.ike("site-a").get().state().equals("ESTABLISHED"),
                sas.raw() + "\n" + jiked.log());

        jiked.close(); // SIGTERM
        assertFalse(jiked.isAlive());
        assertTrue(jiked.log().contains("shutting down: deleting SAs"), jiked.log());
        charon.waitForLog("received DELETE for IKE_SA site-a", Duration.ofSeconds(5));
        end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!charon.listSas().isEmpty() && System.nanoTime() < end) {
            sleep(100);
        }
        assertTrue(charon.listSas().isEmpty(), charon.listSas().raw());
        // charon answered the Delete instead of timing out on a dead peer
        assertFalse(charon.log().contains("retransmit"), charon.log());
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
