package org.jiked.daemon;

/** {@code jiked demo}: two gateways and a tunnel in network namespaces. Placeholder. */
public final class DemoCommand {
    private DemoCommand() {
    }

    /** @return the process exit code */
    public static int run() {
        System.err.println("jiked demo: not yet available");
        return 2;
    }
}
