package org.jiked.testing;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jiked.control.ControlClient;
import org.jiked.control.ControlResponse;
import org.jiked.os.NetworkNamespace;

/**
 * A real {@code jiked daemon} process inside a test's network namespace, started from the
 * compiled classes with a configuration the test writes, and driven over its control socket.
 */
public final class JikedDaemon implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final Path control;
    private final Path logFile;
    private String finalLog;

    private JikedDaemon(Process process, Path dir, Path control, Path logFile) {
        this.process = process;
        this.dir = dir;
        this.control = control;
        this.logFile = logFile;
    }

    /** Starts a daemon with {@code configText} in {@code ns} and waits for its control socket. */
    public static JikedDaemon start(NetworkNamespace ns, String configText) throws IOException {
        Path dir = Files.createTempDirectory("jiked-test");
        Path config = dir.resolve("jiked.conf");
        Files.writeString(config, configText);
        Path control = dir.resolve("jiked.sock");
        Path log = dir.resolve("jiked.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(ns.command(java, "--enable-native-access=ALL-UNNAMED"));
        // e.g. -Djiked.daemon.javaOptions="-XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit" for perf
        String options = System.getProperty("jiked.daemon.javaOptions", "").trim();
        if (!options.isEmpty()) {
            cmd.addAll(List.of(options.split("\\s+")));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.jiked.daemon.Main", "daemon", "--config",
                config.toString(), "--control", control.toString(),
                // two engines at least, whatever the machine, so every interop test crosses the dispatch
                "--ike-threads", System.getProperty("jiked.ike-threads", "2")));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        JikedDaemon d = new JikedDaemon(p, dir, control, log);
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        // the socket file appears at bind(), a moment before listen(): wait for it to answer
        while (!answers(control)) {
            if (!p.isAlive() || System.nanoTime() > end) {
                String out = d.log();
                d.close();
                throw new IOException("jiked daemon did not start:\n" + out);
            }
            sleep(50);
        }
        return d;
    }

    /** Runs an operational command and returns its output; fails the test on an error answer. */
    public String cli(String command) {
        try {
            ControlResponse r = ControlClient.send(control, command);
            if (!r.isOk()) {
                throw new AssertionError("'" + command + "' failed: " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new AssertionError("'" + command + "': " + e.getMessage() + "\n" + log(), e);
        }
    }

    /** Polls a command until its output satisfies {@code condition}; returns the last output. */
    public String waitFor(String command, Predicate<String> condition, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        String out = cli(command);
        while (!condition.test(out) && System.nanoTime() < end) {
            sleep(100);
            out = cli(command);
        }
        return out;
    }

    public String waitForLog(String regex, Duration timeout) {
        Pattern p = Pattern.compile(regex);
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            String log = log();
            if (p.matcher(log).find()) {
                return log;
            }
            sleep(100);
        }
        throw new AssertionError("jiked log never matched /" + regex + "/:\n" + log());
    }

    public String log() {
        if (finalLog != null) {
            return finalLog;
        }
        try {
            return Files.exists(logFile) ? Files.readString(logFile) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** The daemon's process id (the JVM: {@code ip netns exec} replaces itself with it). */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, as an operator would stop it; the daemon deletes its SAs on the way out. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finalLog = log();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    /** A connection to the control socket is accepted (closed at once: the server takes it as a probe). */
    private static boolean answers(Path control) {
        if (!Files.exists(control)) {
            return false;
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(control));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
