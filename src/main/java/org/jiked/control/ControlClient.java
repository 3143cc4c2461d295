package org.jiked.control;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Sends one operational command to a running daemon over its control socket. */
public final class ControlClient {
    /** Long enough for a daemon to dump a large SA table, short enough that a hung one is noticed. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private ControlClient() {
    }

    public static ControlResponse send(Path socketPath, String commandLine) throws IOException {
        return send(socketPath, commandLine, DEFAULT_TIMEOUT);
    }

    /**
     * @throws DaemonNotRunningException if no daemon listens at {@code socketPath}
     * @throws IOException               on timeout, a broken connection or a malformed reply
     */
    public static ControlResponse send(Path socketPath, String commandLine, Duration timeout) throws IOException {
        SocketChannel ch = connect(socketPath);
        try (ch; Deadline d = Deadline.arm(ch, timeout)) {
            try {
                ControlProtocol.writeRequest(ch, commandLine);
                return ControlProtocol.readResponse(ch);
            } catch (AsynchronousCloseException e) {
                if (d.fired()) {
                    throw new IOException("no reply from jiked daemon at " + socketPath
                            + " within " + timeout.toSeconds() + " s", e);
                }
                throw e;
            }
        }
    }

    /** Opens a connection, mapping "nobody there" to {@link DaemonNotRunningException}. */
    static SocketChannel connect(Path socketPath) throws IOException {
        if (!Files.exists(socketPath, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new DaemonNotRunningException(socketPath);
        }
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socketPath));
            return ch;
        } catch (ConnectException e) {
            ch.close();
            // ECONNREFUSED: a socket file with no listener, i.e. left behind by a dead daemon.
            throw new DaemonNotRunningException(socketPath);
        } catch (SocketException e) {
            ch.close();
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("ermission denied")) {
                throw new AccessDeniedException(socketPath.toString(), null,
                        "permission denied on control socket (run as root?)");
            }
            if (msg.contains("No such file") || msg.contains("refused")) {
                throw new DaemonNotRunningException(socketPath);
            }
            throw e;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }
}
