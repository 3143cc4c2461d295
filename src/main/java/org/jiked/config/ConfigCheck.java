package org.jiked.config;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code jiked config check FILE}: the counterpart of Junos {@code commit check}. Reads and checks
 * a configuration file without acting on it.
 */
public final class ConfigCheck {
    private ConfigCheck() {}

    /** Exit code for a valid file. */
    public static final int OK = 0;
    /** Exit code for a file with configuration errors. */
    public static final int INVALID = 1;
    /** Exit code for a file that cannot be read. */
    public static final int UNREADABLE = 2;

    /** Checks {@code file}, reporting on standard output and standard error. */
    public static int run(Path file) {
        return run(file, System.out, System.err);
    }

    /**
     * Checks {@code file}: prints {@code configuration check succeeds} on {@code out}, or each error
     * as {@code FILE:LINE: statement: message} on {@code err}, followed by a summary line.
     */
    public static int run(Path file, PrintStream out, PrintStream err) {
        try {
            SecurityConfig.load(file);
            out.println("configuration check succeeds");
            return OK;
        } catch (ConfigException e) {
            for (ConfigError error : e.errors()) {
                err.println(error);
            }
            int n = e.errors().size();
            err.println("error: configuration check-out failed: " + n + (n == 1 ? " error" : " errors"));
            return INVALID;
        } catch (NoSuchFileException e) {
            err.println("error: cannot read " + file + ": no such file");
            return UNREADABLE;
        } catch (IOException e) {
            err.println("error: cannot read " + file + ": " + e);
            return UNREADABLE;
        }
    }
}
