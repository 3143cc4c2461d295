package org.jiked.daemon;

import java.nio.file.Path;

/** {@code jiked daemon}: runs the gateway. Placeholder until the IKE engine is wired in. */
public final class DaemonCommand {
    private DaemonCommand() {
    }

    /**
     * @param config  the configuration file
     * @param control the control socket to serve operational commands on
     * @return the process exit code
     */
    public static int run(Path config, Path control) {
        System.err.println("jiked daemon: not yet available");
        return 2;
    }
}
