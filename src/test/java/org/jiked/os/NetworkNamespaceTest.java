package org.jiked.os;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Root-only: builds a real veth link between two fresh namespaces, IPv4 and IPv6. */
class NetworkNamespaceTest {
    private static boolean root() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[2].equals("0"));
    }

    @Test
    void vethBetweenTwoNamespaces() throws Exception {
        assumeTrue(root(), "needs root");
        String base = "jk-" + ProcessHandle.current().pid() + "-05";
        try (NetworkNamespace a = NetworkNamespace.create(base + "-a");
             NetworkNamespace b = NetworkNamespace.create(base + "-b")) {
            VethPair v = VethPair.create(a, "left", b, "right")
                    .addressA("192.0.2.1/24").addressB("192.0.2.2/24")
                    .addressA("2001:db8::1/64").addressB("2001:db8::2/64")
                    .up();
            a.ip("addr", "add", "198.51.100.1/32", "dev", "lo");
            b.addRoute("198.51.100.0/24", "192.0.2.1");
            assertTrue(b.exec("ping", "-c", "1", "-W", "2", "198.51.100.1").ok());
            // nodad makes the IPv6 address usable at once.
            assertTrue(a.exec(Duration.ofSeconds(10), "ping", "-6", "-c", "1", "-W", "2", "2001:db8::2").ok());
            CommandException e = assertThrows(CommandException.class, () -> a.exec("ip", "link", "show", "nosuchdev"));
            assertTrue(e.getMessage().contains("nosuchdev") && e.getMessage().contains("does not exist"), e.getMessage());
            v.delete();
            assertFalse(a.execUnchecked(Duration.ofSeconds(5), "ip", "link", "show", "left").ok());
        }
        assertFalse(NetworkNamespace.exists(base + "-a"));
        NetworkNamespace.of(base + "-a").delete(); // deleting twice is fine
    }

    @Test
    void rejectsBadNames() {
        assertThrows(IllegalArgumentException.class, () -> NetworkNamespace.of("../etc"));
        assertThrows(IllegalArgumentException.class, () -> NetworkNamespace.of(""));
    }
}
