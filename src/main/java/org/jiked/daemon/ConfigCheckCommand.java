package org.jiked.daemon;

import java.nio.file.Path;

/**
 * {@code jiked config check FILE}: validates a configuration file without starting anything.
 * Kept in its own class so that Main compiles before the config parser exists.
 */
public final class ConfigCheckCommand {
    private ConfigCheckCommand() {
    }

    /** @return the process exit code */
    public static int run(Path file) {
        // TODO: return org.jiked.config.ConfigCheck.run(file) -> int once org.jiked.config has it.
        System.err.println("jiked config check: not yet available");
        return 2;
    }
}
