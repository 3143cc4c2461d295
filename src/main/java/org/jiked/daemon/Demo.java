package org.jiked.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jiked.control.ControlClient;
import org.jiked.control.ControlResponse;
import org.jiked.os.CommandResult;
import org.jiked.os.NetworkNamespace;
import org.jiked.os.VethPair;

/**
 * {@code jiked demo}: two sites in two network namespaces joined by a veth pair, a jiked gateway in
 * each from a built-in configuration with a route-based VPN on {@code st0.0}, the tunnel brought
 * up, a ping from one site's inner address to the other's through it (raw ESP, as there is no
 * NAT), both sides' SAs and packet counters printed, and everything torn down again.
 */
final class Demo {
    private static final String SITE_A = "198.51.100.0/24";
    private static final String SITE_B = "203.0.113.0/24";

    private Demo() {}

    static int run() {
        if (!"root".equals(System.getProperty("user.name")) && !isRoot()) {
            System.err.println("""
                    jiked demo needs root: it creates two network namespaces joined by a veth pair
                    (ip netns, ip link) and runs a gateway in each on UDP ports 500 and 4500.
                    Run it as: sudo ./jiked demo""");
            return 2;
        }
        String tag = Long.toHexString(ProcessHandle.current().pid());
        List<Process> daemons = new ArrayList<>();
        Path dir = null;
        try (NetworkNamespace a = NetworkNamespace.create("jk-demo-" + tag + "-a");
             NetworkNamespace b = NetworkNamespace.create("jk-demo-" + tag + "-b")) {
            dir = Files.createTempDirectory("jiked-demo");
            VethPair.create(a, "veth-a", b, "veth-b").addressA("192.0.2.1/24").addressB("192.0.2.2/24").up();
            a.linkUp("lo");
            b.linkUp("lo");
            a.addAddress("lo", "198.51.100.1/32");
            b.addAddress("lo", "203.0.113.1/32");
            Path confA = dir.resolve("site-a.conf");
            Path confB = dir.resolve("site-b.conf");
            Files.writeString(confA, config("site-a", "192.0.2.1", "192.0.2.2", SITE_A, SITE_B, "immediately"));
            Files.writeString(confB, config("site-b", "192.0.2.2", "192.0.2.1", SITE_B, SITE_A, "responder-only"));
            Path ctlA = dir.resolve("a.sock");
            Path ctlB = dir.resolve("b.sock");
            System.out.println("== site A (192.0.2.1, " + SITE_A + ") configuration:");
            System.out.print(Files.readString(confA));
            daemons.add(start(b, confB, ctlB, dir.resolve("site-b.log")));
            waitForSocket(ctlB);
            daemons.add(start(a, confA, ctlA, dir.resolve("site-a.log")));
            waitForSocket(ctlA);
            boolean up = waitForTunnel(ctlA) && waitForTunnel(ctlB);
            boolean pinged = up && ping(a);
            for (String[] side : new String[][] {{"A", ctlA.toString()}, {"B", ctlB.toString()}}) {
                Path ctl = Path.of(side[1]);
                System.out.println("\n== site " + side[0] + ": show security ike security-associations");
                System.out.print(show(ctl, "show security ike security-associations"));
                System.out.println("\n== site " + side[0] + ": show security ipsec security-associations");
                System.out.print(show(ctl, "show security ipsec security-associations"));
                System.out.println("\n== site " + side[0] + ": show security ipsec security-associations detail");
                System.out.print(show(ctl, "show security ipsec security-associations detail"));
            }
            if (!up || !pinged) {
                System.err.println("\nthe tunnel did not " + (up ? "carry the ping" : "come up") + "; gateway logs:");
                System.err.print(Files.readString(dir.resolve("site-a.log")));
                System.err.print(Files.readString(dir.resolve("site-b.log")));
            }
            System.out.println("\n== tearing down");
            return up && pinged ? 0 : 1;
        } catch (IOException | RuntimeException e) {
            System.err.println("jiked demo failed: " + e.getMessage());
            return 1;
        } finally {
            for (Process p : daemons) {
                p.destroy();
            }
            for (Process p : daemons) {
                try {
                    if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            deleteQuietly(dir);
        }
    }

    /** Pings site B's inner address from site A's through the tunnel and prints the summary. */
    private static boolean ping(NetworkNamespace a) {
        String[] cmd = {"ping", "-n", "-c", "5", "-i", "0.2", "-W", "2", "-I", "198.51.100.1", "203.0.113.1"};
        System.out.println("\n== site A: " + String.join(" ", cmd));
        CommandResult r = a.execUnchecked(Duration.ofSeconds(20), cmd);
        r.stdout().lines().filter(l -> l.contains("transmitted") || l.startsWith("rtt")).forEach(System.out::println);
        return r.ok();
    }

    private static boolean isRoot() {
        try {
            return Files.readString(Path.of("/proc/self/status")).lines()
                    .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }

    static String config(String host, String self, String peer, String local, String remote, String establish) {
        return String.join("\n",
                "set system host-name " + host,
                "set security ike proposal ike-gcm authentication-method pre-shared-keys",
                "set security ike proposal ike-gcm dh-group group31",
                "set security ike proposal ike-gcm authentication-algorithm sha-256",
                "set security ike proposal ike-gcm encryption-algorithm aes-256-gcm",
                "set security ike policy ike-pol proposals ike-gcm",
                "set security ike policy ike-pol pre-shared-key ascii-text \"jiked demo secret\"",
                "set security ike gateway gw ike-policy ike-pol",
                "set security ike gateway gw address " + peer,
                "set security ike gateway gw local-address " + self,
                "set security ike gateway gw version v2-only",
                "set security ipsec proposal esp-gcm protocol esp",
                "set security ipsec proposal esp-gcm encryption-algorithm aes-256-gcm",
                "set security ipsec policy ipsec-pol proposals esp-gcm",
                "set security ipsec vpn vpn1 ike gateway gw",
                "set security ipsec vpn vpn1 ike ipsec-policy ipsec-pol",
                "set security ipsec vpn vpn1 traffic-selector ts1 local-ip " + local,
                "set security ipsec vpn vpn1 traffic-selector ts1 remote-ip " + remote,
                "set security ipsec vpn vpn1 establish-tunnels " + establish,
                "set security ipsec vpn vpn1 bind-interface st0.0",
                "set interfaces st0 unit 0 family inet",
                "set routing-options static route " + remote + " next-hop st0.0",
                "");
    }

    private static Process start(NetworkNamespace ns, Path config, Path control, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(ns.command(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "daemon", "--config", config.toString(),
                "--control", control.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void waitForSocket(Path control) {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end && !Files.exists(control)) {
            sleep(100);
        }
    }

    private static boolean waitForTunnel(Path control) {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            String ike = show(control, "show security ike security-associations");
            String ipsec = show(control, "show security ipsec security-associations");
            if (ike.contains(" UP ") && ipsec.contains("Total active tunnels: 1")) {
                return true;
            }
            sleep(200);
        }
        return false;
    }

    private static String show(Path control, String command) {
        try {
            ControlResponse r = ControlClient.send(control, command);
            return r.body();
        } catch (IOException e) {
            return "(" + e.getMessage() + ")\n";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
