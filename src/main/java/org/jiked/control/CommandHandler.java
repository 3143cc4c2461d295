package org.jiked.control;

/**
 * Executes one operational command line (for example
 * {@code show security ike security-associations | display json}) for the control socket.
 *
 * <p>Called concurrently from several connection threads; implementations must be
 * thread-safe. An exception thrown here becomes an error response, never a dead server.
 */
@FunctionalInterface
public interface CommandHandler {
    ControlResponse handle(String commandLine);
}
