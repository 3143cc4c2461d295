package org.jiked.os;

import java.util.List;

/**
 * A veth pair whose two ends live in two network namespaces: a virtual cable.
 *
 * <p>Created in one {@code ip link add} call with both ends placed directly in their
 * namespaces, so the interface names only need to be unique inside each namespace and
 * nothing ever appears in the host's own namespace.
 */
public final class VethPair {
    /** Linux limits interface names to IFNAMSIZ-1 = 15 characters. */
    private static final int MAX_IFNAME = 15;

    private final NetworkNamespace nsA;
    private final String ifA;
    private final NetworkNamespace nsB;
    private final String ifB;

    private VethPair(NetworkNamespace nsA, String ifA, NetworkNamespace nsB, String ifB) {
        this.nsA = nsA;
        this.ifA = ifA;
        this.nsB = nsB;
        this.ifB = ifB;
    }

    /** Creates the pair; both ends start down and without addresses. */
    public static VethPair create(NetworkNamespace nsA, String ifA, NetworkNamespace nsB, String ifB) {
        checkIfName(ifA);
        checkIfName(ifB);
        Commands.run(List.of("ip", "link", "add", ifA, "netns", nsA.name(), "type", "veth",
                "peer", "name", ifB, "netns", nsB.name()), Commands.DEFAULT_TIMEOUT).check();
        return new VethPair(nsA, ifA, nsB, ifB);
    }

    public VethPair addressA(String cidr) {
        nsA.addAddress(ifA, cidr);
        return this;
    }

    public VethPair addressB(String cidr) {
        nsB.addAddress(ifB, cidr);
        return this;
    }

    /** Brings both ends up. */
    public VethPair up() {
        nsA.linkUp(ifA);
        nsB.linkUp(ifB);
        return this;
    }

    /** Adds a route on side A towards {@code destination} via {@code gateway}. */
    public VethPair routeA(String destination, String gateway) {
        nsA.addRoute(destination, gateway);
        return this;
    }

    public VethPair routeB(String destination, String gateway) {
        nsB.addRoute(destination, gateway);
        return this;
    }

    public NetworkNamespace namespaceA() {
        return nsA;
    }

    public String interfaceA() {
        return ifA;
    }

    public NetworkNamespace namespaceB() {
        return nsB;
    }

    public String interfaceB() {
        return ifB;
    }

    /** Deletes the pair (removing one end removes both); tolerant of it being gone already. */
    public void delete() {
        if (NetworkNamespace.exists(nsA.name())) {
            Commands.run(List.of("ip", "-n", nsA.name(), "link", "del", ifA), Commands.DEFAULT_TIMEOUT);
        }
    }

    private static void checkIfName(String name) {
        if (name.isEmpty() || name.length() > MAX_IFNAME || !name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("invalid interface name (1-15 of [A-Za-z0-9_.-]): " + name);
        }
    }
}
