package org.jiked.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.jiked.os.Commands;
import org.jiked.os.NetworkNamespace;
import org.junit.jupiter.api.Test;

class TwoSiteTopologyTest {
    @Test
    void outerLinkWorksAndCloseRemovesEverything() {
        Root.assumeRoot();
        String a;
        String b;
        try (TwoSiteTopology t = TwoSiteTopology.create()) {
            a = t.a().name();
            b = t.b().name();
            assertTrue(a.matches("jk-" + ProcessHandle.current().pid() + "-[0-9a-f]+-a"), a);
            assertEquals("198.51.100.0/24", t.siteSubnetA());
            assertEquals("203.0.113.0/24", t.siteSubnetB());
            assertTrue(TwoSiteTopology.ping(t.a(), t.outerAddressA(), t.outerAddressB(), 1).ok());
            String addrs = t.b().exec("ip", "-4", "addr", "show", "dev", "lo").stdout();
            assertTrue(addrs.contains("203.0.113.1/32"), addrs);
            // No tunnel, no route: site-to-site traffic must not get through by accident.
            assertFalse(t.pingSiteBFromSiteA(1).ok());
        }
        List<String> left = NetworkNamespace.list();
        assertFalse(left.contains(a), left.toString());
        assertFalse(left.contains(b), left.toString());
    }

    @Test
    void closeKillsProcessesInside() {
        Root.assumeRoot();
        TwoSiteTopology t = TwoSiteTopology.create();
        ProcessHandle sleeper;
        try {
            Process p = new ProcessBuilder(t.a().command("sleep", "300")).start();
            sleeper = p.toHandle();
        } catch (java.io.IOException e) {
            t.close();
            throw new AssertionError(e);
        }
        t.close();
        assertFalse(sleeper.isAlive());
    }

    @Test
    void sweepRemovesLeftoversOfDeadRunsOnly() {
        Root.assumeRoot();
        // A pid no process can have: above PID_MAX_LIMIT (2^22), whatever pid_max is set to.
        long deadPid = 999_999_999L;
        String dead = "jk-" + deadPid + "-beef-a";
        String mine = "jk-" + ProcessHandle.current().pid() + "-f00d-a";
        Commands.run("ip", "netns", "add", dead);
        Commands.run("ip", "netns", "add", mine);
        try {
            List<String> removed = TwoSiteTopology.sweepLeftovers();
            assertTrue(removed.contains(dead), removed.toString());
            assertFalse(NetworkNamespace.exists(dead));
            assertTrue(NetworkNamespace.exists(mine), "a live run's namespace must survive the sweep");
        } finally {
            NetworkNamespace.of(mine).delete();
            NetworkNamespace.of(dead).delete();
        }
    }
}
