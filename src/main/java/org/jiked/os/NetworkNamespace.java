package org.jiked.os;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A named Linux network namespace managed with iproute2 ({@code ip netns}).
 *
 * <p>iproute2 is used rather than raw {@code unshare}/{@code setns} so that the namespaces
 * are visible to a person debugging ({@code ip netns list}) and can be entered from any
 * process, including long-running daemons started with {@link #command(String...)}.
 * Requires root (CAP_SYS_ADMIN).
 */
public final class NetworkNamespace implements AutoCloseable {
    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private final String name;

    private NetworkNamespace(String name) {
        this.name = name;
    }

    /** Creates a new namespace; fails if one of that name exists. Loopback is brought up. */
    public static NetworkNamespace create(String name) {
        checkName(name);
        Commands.run("ip", "netns", "add", name);
        NetworkNamespace ns = new NetworkNamespace(name);
        try {
            ns.linkUp("lo");
        } catch (RuntimeException e) {
            ns.delete();
            throw e;
        }
        return ns;
    }

    /** Refers to an existing namespace without creating it. */
    public static NetworkNamespace of(String name) {
        checkName(name);
        return new NetworkNamespace(name);
    }

    /** Names of all namespaces known to iproute2. */
    public static List<String> list() {
        List<String> names = new ArrayList<>();
        for (String line : Commands.run("ip", "netns", "list").stdout().split("\n")) {
            // Lines look like "name" or "name (id: 3)".
            String n = line.strip().split("\\s+")[0];
            if (!n.isEmpty()) {
                names.add(n);
            }
        }
        return names;
    }

    public static boolean exists(String name) {
        return list().contains(name);
    }

    public String name() {
        return name;
    }

    /** The argv prefix that runs a command inside this namespace, for long-lived processes. */
    public List<String> command(String... argv) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(Arrays.asList(argv));
        return cmd;
    }

    /** Runs a command inside the namespace; throws {@link CommandException} on non-zero exit. */
    public CommandResult exec(String... argv) {
        return exec(Commands.DEFAULT_TIMEOUT, argv);
    }

    public CommandResult exec(Duration timeout, String... argv) {
        return execUnchecked(timeout, argv).check();
    }

    /** Runs a command inside the namespace and returns the result whatever its exit code. */
    public CommandResult execUnchecked(Duration timeout, String... argv) {
        return Commands.run(command(argv), timeout);
    }

    /** Runs {@code ip ARGS} against this namespace ({@code ip -n NS ...}). */
    public CommandResult ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(Arrays.asList(args));
        return Commands.run(cmd, Commands.DEFAULT_TIMEOUT).check();
    }

    public void linkUp(String dev) {
        ip("link", "set", dev, "up");
    }

    /**
     * Adds an address in CIDR form. IPv6 addresses get {@code nodad}: duplicate address
     * detection would leave them "tentative" (unusable) for a second or two after creation.
     */
    public void addAddress(String dev, String cidr) {
        if (cidr.contains(":")) {
            ip("-6", "addr", "add", cidr, "dev", dev, "nodad");
        } else {
            ip("addr", "add", cidr, "dev", dev);
        }
    }

    /** Adds a route to {@code destination} (CIDR) via {@code gateway}. */
    public void addRoute(String destination, String gateway) {
        ip(destination.contains(":") ? "-6" : "-4", "route", "add", destination, "via", gateway);
    }

    /** Adds a route to {@code destination} (CIDR) out of {@code dev}. */
    public void addDeviceRoute(String destination, String dev) {
        ip(destination.contains(":") ? "-6" : "-4", "route", "add", destination, "dev", dev);
    }

    /** Process ids of everything running inside the namespace. */
    public List<Long> pids() {
        CommandResult r = Commands.run(List.of("ip", "netns", "pids", name), Commands.DEFAULT_TIMEOUT);
        List<Long> pids = new ArrayList<>();
        if (!r.ok()) {
            return pids;
        }
        for (String s : r.stdout().split("\\s+")) {
            if (!s.isBlank()) {
                pids.add(Long.parseLong(s.strip()));
            }
        }
        return pids;
    }

    /**
     * Kills every process still inside the namespace. Needed before deletion: a namespace
     * with live processes survives {@code ip netns del} (only its name goes away), and a
     * leftover daemon would keep its sockets and TUN devices.
     */
    public void killAll() {
        for (long pid : pids()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!pids().isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Kills what runs inside, then deletes the namespace. Does nothing if it is already gone. */
    public void delete() {
        if (!exists(name)) {
            return;
        }
        killAll();
        CommandResult r = Commands.run(List.of("ip", "netns", "del", name), Commands.DEFAULT_TIMEOUT);
        if (!r.ok() && exists(name)) {
            r.check();
        }
    }

    @Override
    public void close() {
        delete();
    }

    @Override
    public String toString() {
        return "netns " + name;
    }

    private static void checkName(String name) {
        if (!VALID_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid namespace name: " + name);
        }
    }
}
