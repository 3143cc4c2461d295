package org.jiked.testing;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jiked.os.CommandResult;
import org.jiked.os.Commands;
import org.jiked.os.NetworkNamespace;

/**
 * A strongSwan charon daemon (Debian's {@code /usr/lib/ipsec/charon}) running inside a test
 * network namespace, as the reference IKEv2 peer.
 *
 * <p>How it is isolated, so that several can run side by side:
 * <ul>
 *   <li>network: {@code ip netns exec NS} - its own interfaces, routes, UDP 500/4500, and its
 *       own {@code ipsec0} TUN device (this kernel has no ESP, so charon uses kernel-libipsec:
 *       userspace ESP, always in UDP 4500; routes go to table 220 via ipsec0);</li>
 *   <li>files: {@code unshare --mount} with a private tmpfs on /run, because charon writes
 *       its pid file to the compiled-in /run/charon.pid and would otherwise refuse to start
 *       next to another charon;</li>
 *   <li>control: the vici socket is moved out of /run into the instance directory
 *       ({@code charon.plugins.vici.socket}), and swanctl is pointed at it with {@code --uri}.
 *       A UNIX socket is reached through the file system, whatever the network namespace, so
 *       swanctl runs as a plain child of the JVM: no nsenter, no long-lived shell.</li>
 * </ul>
 * Each instance has its own strongswan.conf (no /etc includes), swanctl.conf and log file
 * ({@code flush_line = yes}, so {@link #waitForLog} sees lines as they are written), all in a
 * temporary directory removed on {@link #close()} unless {@code -Djiked.test.keep=true}.
 */
public final class Charon implements AutoCloseable {
    public static final String CHARON = "/usr/lib/ipsec/charon";
    /** The plugin set of INTEROP.md: userspace ESP (kernel-libipsec) needs kernel-netlink too. */
    public static final String DEFAULT_PLUGINS = "random nonce aes sha1 sha2 hmac gcm curve25519 gmp openssl pem"
            + " pkcs1 x509 pubkey kdf kernel-libipsec kernel-netlink socket-default vici updown";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);
    /** swanctl directories, created so cert tests can drop files in and swanctl does not warn. */
    private static final List<String> SWANCTL_DIRS = List.of("x509", "x509ca", "x509ocsp", "x509aa", "x509ac",
            "x509crl", "pubkey", "private", "rsa", "ecdsa", "bliss", "pkcs8", "pkcs12");
    /** Charons started in this JVM, so that a failing test can print their logs. */
    private static final List<Charon> RECENT = new ArrayList<>();

    private static final Pattern OUR_DIR = Pattern.compile("jk-charon-(\\d+)-.*");
    private static volatile boolean swept;

    private final NetworkNamespace ns;
    private final String label;
    private final Path dir;
    private final Path vici;
    private final Path log;
    private final Process process;
    private volatile String finalLog;
    private boolean closed;

    /** strongswan.conf choices for one instance. */
    public static final class Options {
        private String plugins = DEFAULT_PLUGINS;
        private String logLevels = "default = 1\n        ike = 2\n        cfg = 2\n        chd = 2";
        private final List<String> extraCharon = new ArrayList<>();

        /** Replaces the {@code charon.load} plugin list. */
        public Options plugins(String v) {
            plugins = v;
            return this;
        }

        /** Appends plugins, e.g. {@code "revocation constraints curl"}. */
        public Options addPlugins(String v) {
            plugins = plugins + " " + v;
            return this;
        }

        /** Replaces the filelog levels: lines like {@code "default = 1\nike = 3"}. */
        public Options logLevels(String v) {
            logLevels = v;
            return this;
        }

        /**
         * Adds raw text inside the {@code charon { }} section, e.g. {@code "make_before_break = no"}
         * or a nested {@code "plugins { revocation { enable_crl = yes } }"}.
         */
        public Options charon(String text) {
            extraCharon.add(text);
            return this;
        }
    }

    private Charon(NetworkNamespace ns, String label, Path dir, Process process) {
        this.ns = ns;
        this.label = label;
        this.dir = dir;
        this.vici = dir.resolve("charon.vici");
        this.log = dir.resolve("charon.log");
        this.process = process;
    }

    /** Starts charon in {@code ns} with default options and waits until swanctl can talk to it. */
    public static Charon start(NetworkNamespace ns, String label) throws IOException {
        return start(ns, label, new Options());
    }

    public static Charon start(NetworkNamespace ns, String label, Options options) throws IOException {
        sweepOnce();
        // The pid in the name lets a later run remove directories of JVMs that were killed.
        Path dir = Files.createTempDirectory("jk-charon-" + ProcessHandle.current().pid() + "-" + label + "-");
        for (String d : SWANCTL_DIRS) {
            Files.createDirectories(dir.resolve(d));
        }
        Files.writeString(dir.resolve("strongswan.conf"), strongswanConf(dir, label, options));
        Files.writeString(dir.resolve("swanctl.conf"), "connections {\n}\nsecrets {\n}\n");
        // exec all the way down, so the Process we hold is charon itself and SIGTERM reaches it.
        ProcessBuilder pb = new ProcessBuilder(ns.command("unshare", "--mount", "--propagation", "private",
                "sh", "-c", "mount -t tmpfs -o mode=0755 jk-run /run && exec " + CHARON));
        pb.environment().put("STRONGSWAN_CONF", dir.resolve("strongswan.conf").toString());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve("charon.out").toFile());
        Charon c = new Charon(ns, label, dir, pb.start());
        Cleanup.register(c);
        synchronized (RECENT) {
            RECENT.add(c);
        }
        try {
            c.awaitVici();
        } catch (IOException | RuntimeException e) {
            String why = c.diagnostics();
            c.close();
            throw new IOException("charon " + label + " did not come up: " + e.getMessage() + "\n" + why, e);
        }
        return c;
    }

    private static String strongswanConf(Path dir, String label, Options o) {
        return """
                # generated by the jiked test harness for charon '%1$s'
                charon {
                    load = %2$s
                    # Fail fast: about 1 + 1.4 + 2 s before an unanswered exchange gives up.
                    retransmit_tries = 2
                    retransmit_timeout = 1.0
                    retransmit_base = 1.4
                    half_open_timeout = 10
                    install_routes = yes
                    # Keep the default worker count (16): with threads = 8, kernel-libipsec and
                    # kernel-netlink hold enough blocking workers that vici never answers.
                    plugins {
                        vici {
                            socket = unix://%3$s/charon.vici
                        }
                    }
                    filelog {
                        %1$s {
                            path = %3$s/charon.log
                            time_format = %%H:%%M:%%S
                            ike_name = yes
                            flush_line = yes
                            %4$s
                        }
                    }
                %5$s
                }
                swanctl {
                    socket = unix://%3$s/charon.vici
                }
                """.formatted(label, o.plugins, dir, o.logLevels.replace("\n", "\n            "),
                String.join("\n", o.extraCharon));
    }

    private void awaitVici() throws IOException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("charon exited with status " + process.exitValue());
            }
            if (Files.exists(vici)) {
                try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    ch.connect(UnixDomainSocketAddress.of(vici));
                    return;
                } catch (IOException notYet) {
                    // bound but not listening yet
                }
            }
            sleep(20);
        }
        throw new IOException("no vici socket at " + vici + " after " + STARTUP_TIMEOUT.toSeconds() + " s");
    }

    public NetworkNamespace namespace() {
        return ns;
    }

    public String label() {
        return label;
    }

    /** The instance directory: strongswan.conf, swanctl.conf, charon.log and the swanctl dirs (x509, private, ...). */
    public Path dir() {
        return dir;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Writes swanctl.conf with these connections and their PSK secrets (does not load it). */
    public void configure(ConnectionSpec... specs) throws IOException {
        StringBuilder sb = new StringBuilder("connections {\n");
        for (ConnectionSpec s : specs) {
            sb.append(s.renderConnection());
        }
        sb.append("}\nsecrets {\n");
        for (ConnectionSpec s : specs) {
            sb.append(s.renderSecret());
        }
        sb.append("}\n");
        writeSwanctlConf(sb.toString());
    }

    /** Writes swanctl.conf verbatim, for what {@link ConnectionSpec} cannot express. */
    public void writeSwanctlConf(String text) throws IOException {
        Files.writeString(dir.resolve("swanctl.conf"), text);
    }

    public String swanctlConf() throws IOException {
        return Files.readString(dir.resolve("swanctl.conf"));
    }

    /** {@code swanctl --load-all}; throws with swanctl's output if anything fails to load. */
    public String loadAll() {
        CommandResult r = swanctl(Duration.ofSeconds(15), "--load-all", "--file", dir.resolve("swanctl.conf").toString());
        String out = r.stdout() + r.stderr();
        // swanctl exits 0 after a partial failure ("loaded 1 of 2 connections, 1 failed"),
        // so the text is checked as well.
        if (!r.ok() || out.contains("failed")) {
            throw new IllegalStateException("swanctl --load-all failed for charon " + label + ":\n" + out
                    + "\n--- swanctl.conf ---\n" + readQuietly(dir.resolve("swanctl.conf")));
        }
        return out;
    }

    /** Initiates a CHILD_SA (and its IKE_SA); throws with the output if it does not come up. */
    public String initiate(String child) {
        return initiate(child, Duration.ofSeconds(15));
    }

    public String initiate(String child, Duration timeout) {
        CommandResult r = tryInitiate(child, timeout);
        if (!r.ok()) {
            throw new IllegalStateException("swanctl --initiate --child " + child + " failed on charon " + label
                    + ":\n" + r.stdout() + r.stderr());
        }
        return r.stdout();
    }

    /** Initiates and returns swanctl's result whatever the outcome, for negative tests. */
    public CommandResult tryInitiate(String child, Duration timeout) {
        return swanctl(timeout.plusSeconds(5), "--initiate", "--child", child,
                "--timeout", Long.toString(Math.max(1, timeout.toSeconds())));
    }

    /** Deletes IKE_SA(s) of connection {@code name} (sending DELETE); returns swanctl's output. */
    public String terminateIke(String name) {
        return swanctl(Duration.ofSeconds(15), "--terminate", "--ike", name, "--timeout", "10").check().stdout();
    }

    public String terminateChild(String name) {
        return swanctl(Duration.ofSeconds(15), "--terminate", "--child", name, "--timeout", "10").check().stdout();
    }

    public SwanctlSas listSas() {
        return SwanctlSas.parse(swanctl(Duration.ofSeconds(10), "--list-sas").check().stdout());
    }

    /**
     * Waits until IKE SA {@code name} is ESTABLISHED with at least {@code children} installed
     * CHILD_SAs and returns it.
     *
     * @throws AssertionError with {@code --list-sas} output if it does not come up in time
     */
    public SwanctlSas.IkeSa waitEstablished(String name, int children, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        SwanctlSas sas = listSas();
        while (System.nanoTime() < end) {
            sas = listSas();
            var ike = sas.ike(name);
            if (ike.isPresent() && ike.get().state().equals("ESTABLISHED")
                    && ike.get().children().stream().filter(c -> c.state().equals("INSTALLED")).count() >= children) {
                return ike.get();
            }
            sleep(100);
        }
        throw new AssertionError("charon " + label + " never established " + name + " with " + children
                + " CHILD_SA(s):\n" + sas.raw());
    }

    /** Runs swanctl against this charon; the result is returned whatever the exit code. */
    public CommandResult swanctl(Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>(List.of("swanctl"));
        cmd.addAll(List.of(args));
        cmd.add("--uri");
        cmd.add("unix://" + vici);
        return Commands.run(cmd, timeout, null, Map.of("STRONGSWAN_CONF", dir.resolve("strongswan.conf").toString()));
    }

    /**
     * Leaves charon without SAs between tests: terminates what is left, tolerating SAs that are
     * already going away (a peer's Delete may be in flight, and then swanctl's terminate fails),
     * and waits until none is listed.
     */
    public void terminateAllQuietly() {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        SwanctlSas sas = listSas();
        while (!sas.isEmpty() && System.nanoTime() < end) {
            for (SwanctlSas.IkeSa sa : sas.ikeSas()) {
                swanctl(Duration.ofSeconds(10), "--terminate", "--ike", sa.name(), "--timeout", "5");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            sas = listSas();
        }
    }

    /** The whole log so far (also after close, from memory). */
    public String log() {
        String f = finalLog;
        return f != null ? f : readQuietly(log);
    }

    /**
     * Waits until a log line matches {@code regex} and returns that line.
     *
     * @throws AssertionError with the log tail if none appears in time
     */
    public String waitForLog(String regex, Duration timeout) {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            for (String line : log().split("\n")) {
                Matcher m = p.matcher(line);
                if (m.find()) {
                    return line;
                }
            }
            sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("charon " + label + ": no log line matching /" + regex + "/ within "
                + timeout.toMillis() + " ms; log tail:\n" + tail(log(), 40));
    }

    /** Stops charon (SIGTERM, then SIGKILL after 3 s), keeps its log in memory, removes its files. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                Commands.kill(process);
            }
        } catch (InterruptedException e) {
            Commands.kill(process);
            Thread.currentThread().interrupt();
        }
        finalLog = readQuietly(log);
        if (!Boolean.getBoolean("jiked.test.keep")) {
            deleteTree(dir);
        }
        Cleanup.unregister(this);
    }

    @Override
    public String toString() {
        return "charon " + label + " in " + ns.name();
    }

    /** Logs of the charons started since the last call, then forgets them; for failure reports. */
    static List<Charon> drainRecent() {
        synchronized (RECENT) {
            List<Charon> l = new ArrayList<>(RECENT);
            RECENT.clear();
            return l;
        }
    }

    /**
     * Removes instance directories left by test JVMs that no longer run (killed before close).
     * Their charons died with their namespaces, see {@link TwoSiteTopology#sweepLeftovers()}.
     */
    private static void sweepOnce() {
        if (swept) {
            return;
        }
        swept = true;
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> s = Files.list(tmp)) {
            s.forEach(p -> {
                Matcher m = OUR_DIR.matcher(p.getFileName().toString());
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty() && !Boolean.getBoolean("jiked.test.keep")) {
                    deleteTree(p);
                }
            });
        } catch (IOException | NumberFormatException ignored) {
            // best effort
        }
    }

    private String diagnostics() {
        return "--- charon.out ---\n" + readQuietly(dir.resolve("charon.out"))
                + "\n--- charon.log ---\n" + tail(readQuietly(log), 40);
    }

    public static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static String readQuietly(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + p + ": " + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            });
        } catch (IOException ignored) {
            // already gone
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
