package org.jiked.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Last-resort cleanup for test fixtures that live outside the JVM (namespaces, daemons).
 * Every such fixture registers on creation and unregisters on close; whatever is still
 * registered when the JVM exits (a test killed by a timeout, an interrupted build) is closed
 * by a shutdown hook, newest first. Anything that survives even that (SIGKILL) is removed by
 * {@link TwoSiteTopology#sweepLeftovers()} on the next run.
 */
final class Cleanup {
    private static final Set<AutoCloseable> OPEN = Collections.synchronizedSet(new LinkedHashSet<>());
    private static boolean hookInstalled;

    private Cleanup() {
    }

    static synchronized void register(AutoCloseable c) {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(Cleanup::closeAll, "jiked-test-cleanup"));
            hookInstalled = true;
        }
        OPEN.add(c);
    }

    static void unregister(AutoCloseable c) {
        OPEN.remove(c);
    }

    private static void closeAll() {
        List<AutoCloseable> all;
        synchronized (OPEN) {
            all = new ArrayList<>(OPEN);
        }
        Collections.reverse(all);
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("cleanup of " + c + " failed: " + e);
            }
        }
    }
}
