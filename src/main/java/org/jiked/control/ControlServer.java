package org.jiked.control;

import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The daemon's end of the control socket: a UNIX-domain stream socket that answers
 * operational commands ({@code show ...}, {@code clear ...}) framed by {@link ControlProtocol}.
 *
 * <p>Robustness rules, because the socket is reachable by any local root process and a bug
 * in one client must never take the gateway's management plane down:
 * <ul>
 *   <li>each connection has its own virtual thread, and at most {@code maxConnections} are
 *       served at once (the rest are closed on accept);</li>
 *   <li>a request must arrive within {@code ioTimeout}, and the response must be taken by
 *       the client within {@code ioTimeout}, or the connection is closed;</li>
 *   <li>oversized, short or non-UTF-8 frames close the connection and are counted; the first
 *       of each kind is logged, later ones only counted, so a misbehaving client cannot
 *       flood the log.</li>
 * </ul>
 */
public final class ControlServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ControlServer.class.getName());
    public static final Duration DEFAULT_IO_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_CONNECTIONS = 32;

    private final Path socketPath;
    private final CommandHandler handler;
    private final Duration ioTimeout;
    private final Semaphore slots;
    private final Set<SocketChannel> live = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean badFrameLogged = new AtomicBoolean();
    private final AtomicBoolean timeoutLogged = new AtomicBoolean();
    private final AtomicBoolean rejectLogged = new AtomicBoolean();
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong badFrames = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    private volatile ServerSocketChannel server;
    private volatile Object boundFileKey;
    private Thread acceptor;

    /** Counters since start; read by tests and by {@code show} commands about the daemon itself. */
    public record Stats(long served, long badFrames, long timeouts, long rejected) {
    }

    public ControlServer(Path socketPath, CommandHandler handler) {
        this(socketPath, handler, DEFAULT_IO_TIMEOUT, DEFAULT_MAX_CONNECTIONS);
    }

    public ControlServer(Path socketPath, CommandHandler handler, Duration ioTimeout, int maxConnections) {
        this.socketPath = socketPath.toAbsolutePath();
        this.handler = Objects.requireNonNull(handler, "handler");
        this.ioTimeout = Objects.requireNonNull(ioTimeout, "ioTimeout");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be positive");
        }
        this.slots = new Semaphore(maxConnections);
    }

    public Path socketPath() {
        return socketPath;
    }

    public Stats stats() {
        return new Stats(served.get(), badFrames.get(), timeouts.get(), rejected.get());
    }

    /**
     * Binds the socket and starts serving.
     *
     * @throws FileAlreadyExistsException if a live daemon already answers on the path, or the
     *                                    path is something other than a socket
     * @throws IOException                if the socket cannot be bound
     */
    public synchronized void start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        Path dir = socketPath.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            // Only root's tools should talk to the daemon: they can clear SAs.
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        }
        removeStaleSocket();
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(socketPath), 64);
            Files.setPosixFilePermissions(socketPath, PosixFilePermissions.fromString("rw-rw----"));
            boundFileKey = fileKey(socketPath);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        server = ch;
        acceptor = Thread.ofPlatform().name("jiked-control-accept").daemon(true).start(this::acceptLoop);
        LOG.log(Level.INFO, "control socket listening at {0}", socketPath);
    }

    /**
     * Makes room for our socket. A socket file nobody answers on is what a crashed daemon
     * leaves behind and is removed; one that answers belongs to a running daemon and is
     * left alone; anything that is not a socket is never deleted (it may be a mistyped path
     * to a precious file).
     */
    private void removeStaleSocket() throws IOException {
        if (!Files.exists(socketPath, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!isSocket(socketPath)) {
            throw new FileAlreadyExistsException(socketPath.toString(), null, "exists and is not a socket");
        }
        try (SocketChannel probe = ControlClient.connect(socketPath)) {
            throw new FileAlreadyExistsException(socketPath.toString(), null,
                    "another jiked daemon is already listening on this control socket");
        } catch (DaemonNotRunningException e) {
            Files.deleteIfExists(socketPath);
            LOG.log(Level.INFO, "removed stale control socket {0}", socketPath);
        }
    }

    private void acceptLoop() {
        ServerSocketChannel ss = server;
        while (ss.isOpen()) {
            SocketChannel ch;
            try {
                ch = ss.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // E.g. out of file descriptors: back off instead of spinning, keep serving.
                LOG.log(Level.WARNING, "control socket accept failed: {0}", e.toString());
                sleepQuietly(Duration.ofMillis(100));
                continue;
            }
            if (!slots.tryAcquire()) {
                rejected.incrementAndGet();
                logOnce(rejectLogged, "control socket: too many concurrent connections, closing new ones");
                closeQuietly(ch);
                continue;
            }
            live.add(ch);
            Thread.ofVirtual().name("jiked-control-conn").start(() -> {
                try {
                    serve(ch);
                } finally {
                    live.remove(ch);
                    closeQuietly(ch);
                    slots.release();
                }
            });
        }
    }

    private void serve(SocketChannel ch) {
        String command;
        try (Deadline d = Deadline.arm(ch, ioTimeout)) {
            try {
                command = ControlProtocol.readRequest(ch);
            } catch (AsynchronousCloseException e) {
                if (d.fired()) {
                    timeouts.incrementAndGet();
                    logOnce(timeoutLogged, "control socket: client sent no complete request within "
                            + ioTimeout.toMillis() + " ms, connection closed");
                }
                return;
            } catch (ControlProtocol.FrameException | EOFException e) {
                badFrames.incrementAndGet();
                logOnce(badFrameLogged, "control socket: bad request frame, connection closed: " + e.getMessage());
                return;
            } catch (IOException e) {
                return; // peer reset; nothing to answer
            }
        }
        if (command == null) {
            return; // connected and closed without a word: a liveness probe
        }
        ControlResponse response;
        try {
            response = Objects.requireNonNull(handler.handle(command), "handler returned null");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "control command failed: " + command, e);
            response = ControlResponse.error("error: internal error while running '" + command + "': " + e);
        }
        try (Deadline d = Deadline.arm(ch, ioTimeout)) {
            ControlProtocol.writeResponse(ch, response);
            served.incrementAndGet();
        } catch (IOException e) {
            // The client went away or did not read; it loses its answer, nobody else does.
            timeouts.incrementAndGet();
            logOnce(timeoutLogged, "control socket: could not deliver response: " + e);
        }
    }

    /** Stops serving, drops open connections and removes the socket file if it is still ours. */
    @Override
    public synchronized void close() {
        ServerSocketChannel ss = server;
        if (ss == null) {
            return;
        }
        closeQuietly(ss);
        for (SocketChannel ch : live) {
            closeQuietly(ch);
        }
        try {
            acceptor.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            // A newer daemon may have replaced the file after judging ours stale; leave theirs.
            Object key = fileKey(socketPath);
            if (key != null && key.equals(boundFileKey)) {
                Files.deleteIfExists(socketPath);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot remove control socket {0}: {1}", socketPath, e.toString());
        }
        server = null;
    }

    private static boolean isSocket(Path p) throws IOException {
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return (mode & 0170000) == 0140000; // S_IFSOCK
    }

    private static Object fileKey(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private static void logOnce(AtomicBoolean flag, String message) {
        if (flag.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, message + " (further occurrences are only counted)");
        } else {
            LOG.log(Level.DEBUG, message);
        }
    }

    private static void closeQuietly(java.nio.channels.Channel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing useful to do
        }
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
