package org.jiked.os;

import java.util.List;

/**
 * An external command could not be started, exited non-zero, or ran past its timeout.
 * The message always names the command and carries its stderr, because that is what a
 * person reading a failed test log needs first.
 */
public final class CommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient CommandResult result;

    private CommandException(String message, CommandResult result, Throwable cause) {
        super(message, cause);
        this.result = result;
    }

    static CommandException failed(CommandResult r) {
        String err = r.stderr().isBlank() ? r.stdout() : r.stderr();
        return new CommandException("command failed (exit " + r.exitCode() + "): "
                + Commands.display(r.command()) + ": " + err.strip(), r, null);
    }

    static CommandException timedOut(List<String> command, java.time.Duration timeout, String stderr) {
        return new CommandException("command timed out after " + timeout.toMillis() + " ms: "
                + Commands.display(command) + (stderr.isBlank() ? "" : ": " + stderr.strip()), null, null);
    }

    static CommandException notStarted(List<String> command, Throwable cause) {
        return new CommandException("cannot start command: " + Commands.display(command) + ": "
                + cause.getMessage(), null, cause);
    }

    /** The finished command's result, or null if it timed out or never started. */
    public CommandResult result() {
        return result;
    }
}
