package org.jiked.os;

import java.time.Duration;
import java.util.List;

/**
 * Outcome of one finished external command.
 *
 * @param command   the argv that was run
 * @param exitCode  the process exit status
 * @param stdout    captured standard output (UTF-8, possibly truncated)
 * @param stderr    captured standard error (UTF-8, possibly truncated)
 * @param elapsed   wall-clock time from start to exit
 * @param truncated true if either stream exceeded the capture bound and was cut
 */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr,
                            Duration elapsed, boolean truncated) {

    public CommandResult {
        command = List.copyOf(command);
    }

    public boolean ok() {
        return exitCode == 0;
    }

    /** Returns this result, or throws {@link CommandException} if the exit code was not 0. */
    public CommandResult check() {
        if (exitCode != 0) {
            throw CommandException.failed(this);
        }
        return this;
    }
}
