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

    /**
     * A check beyond the configuration text, such as reading the certificate and key files it
     * names; it throws with a message naming the statement.
     */
    @FunctionalInterface
    public interface FileCheck {
        FileCheck NONE = config -> { };

        void check(SecurityConfig config) throws IOException;
    }

    /** Checks {@code file}, reporting on standard output and standard error. */
    public static int run(Path file) {
        return run(file, System.out, System.err);
    }

    /** Checks {@code file} and then what {@code files} checks, reporting on standard output and error. */
    public static int run(Path file, FileCheck files) {
        return run(file, System.out, System.err, files);
    }

    /**
     * Checks {@code file}: prints {@code configuration check succeeds} on {@code out}, or each error
     * as {@code FILE:LINE: statement: message} on {@code err}, followed by a summary line.
     */
    public static int run(Path file, PrintStream out, PrintStream err) {
        return run(file, out, err, FileCheck.NONE);
    }

    /** As {@link #run(Path, PrintStream, PrintStream)}, then {@code files} on the checked configuration. */
    public static int run(Path file, PrintStream out, PrintStream err, FileCheck files) {
        SecurityConfig config;
        try {
            config = SecurityConfig.load(file);
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
        try {
            files.check(config);
        } catch (IOException e) {
            err.println(file + ": " + e.getMessage());
            err.println("error: configuration check-out failed: 1 error");
            return INVALID;
        }
        out.println("configuration check succeeds");
        return OK;
    }
}
