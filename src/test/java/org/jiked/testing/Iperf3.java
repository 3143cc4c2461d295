package org.jiked.testing;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jiked.os.CommandResult;
import org.jiked.os.NetworkNamespace;

/**
 * iperf3 between the two sites of a topology: a one-shot server ({@code -s -1 -D}, it exits after
 * one test) in one namespace, a TCP client with JSON output in the other.
 */
public final class Iperf3 {
    private static final Pattern RECEIVED = Pattern.compile("\"sum_received\":\\s*\\{[^}]*?\"bytes\":\\s*(\\d+)");
    private static final Pattern SENT = Pattern.compile("\"sum_sent\":\\s*\\{[^}]*?\"bytes\":\\s*(\\d+)");
    private static final Pattern RECEIVED_BPS = Pattern.compile(
            "\"sum_received\":\\s*\\{[^}]*?\"bits_per_second\":\\s*([0-9.e+]+)");
    private static final Pattern RETRANSMITS = Pattern.compile(
            "\"sum_sent\":\\s*\\{[^}]*?\"retransmits\":\\s*(\\d+)");
    private static final Pattern ERROR = Pattern.compile("\"error\":\\s*\"([^\"]*)\"");

    /** What one client run reported; {@code error} is null when iperf3 reported none. */
    public record Result(long bytesSent, long bytesReceived, double receivedBitsPerSecond, long retransmits, String error,
                         String json) {
        public boolean ok() {
            return error == null && bytesReceived > 0;
        }
    }

    private Iperf3() {}

    /** Starts a daemonized one-shot server bound to {@code address}; returns once it listens. */
    public static void server(NetworkNamespace ns, String address, int port) {
        ns.exec("iperf3", "-s", "-1", "-D", "-B", address, "-p", Integer.toString(port));
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < end) {
            CommandResult ss = ns.execUnchecked(Duration.ofSeconds(5), "ss", "-Hltn", "sport", "=", ":" + port);
            if (ss.ok() && !ss.stdout().isBlank()) {
                return;
            }
            sleep(50);
        }
        throw new AssertionError("iperf3 server did not listen on " + address + ":" + port);
    }

    /** A TCP transfer of {@code seconds} from {@code source} to the server at {@code server}. */
    public static Result client(NetworkNamespace ns, String source, String server, int port, int seconds) {
        CommandResult r = ns.execUnchecked(Duration.ofSeconds(seconds + 20L), "iperf3", "-c", server, "-B", source,
                "-p", Integer.toString(port), "-t", Integer.toString(seconds), "-J");
        String json = r.stdout();
        Matcher e = ERROR.matcher(json);
        String error = e.find() ? e.group(1) : r.ok() ? null : "exit " + r.exitCode() + " " + r.stderr();
        return new Result(number(SENT, json), number(RECEIVED, json), decimal(RECEIVED_BPS, json),
                number(RETRANSMITS, json), error, json);
    }

    private static long number(Pattern p, String json) {
        Matcher m = p.matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static double decimal(Pattern p, String json) {
        Matcher m = p.matcher(json);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
