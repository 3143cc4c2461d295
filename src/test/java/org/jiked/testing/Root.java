package org.jiked.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Guards for tests that need root and real tools.
 *
 * <p>A developer without root gets a clean skip. As root, a missing tool is a failure, not a
 * skip: CI runs as root after {@code .ci/install-deps}, so a missing tool there means the
 * install step is broken, and a silent skip would hide exactly that.
 */
public final class Root {
    /** Directories searched besides $PATH: sbin dirs are often not on a test JVM's PATH. */
    private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/lib/ipsec");

    private Root() {
    }

    /** Effective uid 0, read from /proc so no extra JDK module or process is needed. */
    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** Skips the calling test unless it runs as root. */
    public static void assumeRoot() {
        assumeTrue(isRoot(), "skipped: needs root (network namespaces, veth, charon)");
    }

    /**
     * Returns the absolute path of {@code tool} (a command name or an absolute path).
     * Skips for non-root, fails for root when it is missing.
     */
    public static Path requireTool(String tool) {
        Path found = find(tool);
        if (found != null) {
            return found;
        }
        if (isRoot()) {
            fail("required tool '" + tool + "' is not installed; run .ci/install-deps as root");
        }
        assumeTrue(false, "skipped: tool '" + tool + "' not installed (and not root)");
        return null; // not reached
    }

    /** Path of a tool, or null. */
    public static Path find(String tool) {
        if (tool.startsWith("/")) {
            Path p = Path.of(tool);
            return Files.isExecutable(p) ? p : null;
        }
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(EXTRA_DIRS);
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, tool);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
