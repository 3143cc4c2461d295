package org.jiked.control;

import java.io.IOException;
import java.nio.file.Path;

/** Nothing listens on the control socket: the daemon is not running (or uses another path). */
public final class DaemonNotRunningException extends IOException {
    private static final long serialVersionUID = 1L;

    public DaemonNotRunningException(Path socketPath) {
        super("jiked daemon is not running (no control socket at " + socketPath + ")");
    }
}
