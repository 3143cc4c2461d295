package org.jiked.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jiked.os.NetworkNamespace;

/**
 * tcpdump on {@link TwoSiteTopology#EXT_IF} inside a namespace, started only once it says it is
 * listening (packets sent before that would be missed), and stopped with SIGTERM so it writes
 * what it holds. {@code --immediate-mode} always: without it packets wait in the capture ring and
 * are lost at SIGTERM.
 */
public final class Tcpdump implements AutoCloseable {
    private Process process;

    private Tcpdump(Process process) {
        this.process = process;
    }

    /**
     * Starts {@code tcpdump -n --immediate-mode -i EXT_IF OPTIONS... FILTER} in {@code ns}, its
     * standard output to {@code output}, its standard error to {@code errors}.
     */
    public static Tcpdump start(NetworkNamespace ns, List<String> options, String filter, Path output, Path errors)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Root.requireTool("tcpdump").toString(), "-n", "--immediate-mode",
                "-i", TwoSiteTopology.EXT_IF));
        cmd.addAll(options);
        cmd.add(filter);
        Process p = new ProcessBuilder(ns.command(cmd.toArray(String[]::new)))
                .redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
        Tcpdump t = new Tcpdump(p);
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        try {
            while (System.nanoTime() < end && p.isAlive()) {
                if (Files.exists(errors) && Files.readString(errors).contains("listening on")) {
                    return t;
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        t.close();
        throw new IOException("tcpdump did not start: " + (Files.exists(errors) ? Files.readString(errors) : ""));
    }

    /** Stops the capture (idempotent). */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }
}
