package org.jiked.os;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Runs external commands with a timeout and bounded output capture.
 *
 * <p>Both streams are drained on their own threads so that a chatty child can never block
 * on a full pipe; bytes beyond {@link #MAX_CAPTURE} are read and discarded rather than
 * buffered, so a runaway command cannot exhaust the JVM's memory. Standard input is closed
 * (or fed the given bytes) so that nothing ever waits on a terminal.
 */
public final class Commands {
    /** Per-stream capture bound. */
    public static final int MAX_CAPTURE = 1 << 20;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private Commands() {
    }

    /** Runs {@code argv}, failing with {@link CommandException} on a non-zero exit. */
    public static CommandResult run(String... argv) {
        return run(List.of(argv), DEFAULT_TIMEOUT).check();
    }

    /** Runs {@code argv} and returns the result whatever the exit code (timeouts still throw). */
    public static CommandResult runUnchecked(List<String> argv, Duration timeout) {
        return run(argv, timeout);
    }

    public static CommandResult run(List<String> argv, Duration timeout) {
        return run(argv, timeout, null, Map.of());
    }

    /**
     * Runs {@code argv} to completion.
     *
     * @param stdin bytes to write to standard input, or null for an immediately closed stdin
     * @param env   extra environment variables
     * @throws CommandException if it cannot start or exceeds {@code timeout} (the process and
     *                          its descendants are killed first); a non-zero exit is reported
     *                          in the result, not thrown
     */
    public static CommandResult run(List<String> argv, Duration timeout, byte[] stdin, Map<String, String> env) {
        long start = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().putAll(env);
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw CommandException.notStarted(argv, e);
        }
        Drain out = new Drain(p.getInputStream());
        Drain err = new Drain(p.getErrorStream());
        if (stdin != null) {
            // Written on its own thread: a child that produces output before reading its input
            // must not deadlock against us.
            Thread.ofVirtual().start(() -> {
                try (OutputStream os = p.getOutputStream()) {
                    os.write(stdin);
                } catch (IOException ignored) {
                    // The child closed its stdin early; its exit status tells the story.
                }
            });
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                throw CommandException.timedOut(argv, timeout, err.await(Duration.ofSeconds(1)).text());
            }
            Capture o = out.await(Duration.ofSeconds(5));
            Capture e = err.await(Duration.ofSeconds(5));
            return new CommandResult(argv, p.exitValue(), o.text(), e.text(),
                    Duration.ofNanos(System.nanoTime() - start), o.truncated() || e.truncated());
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw CommandException.notStarted(argv, e);
        }
    }

    /** Kills a process and everything it spawned, waiting briefly for it to go. */
    public static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Shell-like rendering of an argv for messages. */
    public static String display(List<String> argv) {
        return argv.stream()
                .map(a -> a.isEmpty() || a.matches(".*[\\s'\"$`\\\\|&;<>()*?].*")
                        ? "'" + a.replace("'", "'\\''") + "'" : a)
                .collect(Collectors.joining(" "));
    }

    /** Drains one stream on a virtual thread, keeping at most {@link #MAX_CAPTURE} bytes. */
    private static final class Drain {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private boolean truncated;

        Drain(InputStream in) {
            Thread.ofVirtual().start(() -> {
                byte[] chunk = new byte[8192];
                try (in) {
                    int n;
                    while ((n = in.read(chunk)) >= 0) {
                        synchronized (this) {
                            int keep = Math.min(n, MAX_CAPTURE - buf.size());
                            if (keep > 0) {
                                buf.write(chunk, 0, keep);
                            }
                            truncated |= keep < n;
                        }
                    }
                } catch (IOException ignored) {
                    // Stream closed because the process was killed; keep what we have.
                }
                done.complete(null);
            });
        }

        /**
         * Waits up to {@code wait} for end of stream, then returns what was read. A grandchild
         * that inherited the pipe may keep it open forever; partial output beats a hang.
         */
        Capture await(Duration wait) {
            try {
                done.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // fall through with partial output
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                return new Capture(buf.toString(StandardCharsets.UTF_8), truncated || !done.isDone());
            }
        }
    }

    private record Capture(String text, boolean truncated) {
    }
}
