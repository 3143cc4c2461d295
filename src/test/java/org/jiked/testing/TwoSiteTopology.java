package org.jiked.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jiked.os.CommandResult;
import org.jiked.os.NetworkNamespace;
import org.jiked.os.VethPair;

/**
 * Two gateways, each in its own network namespace, joined by a veth "internet" link, each
 * with a protected "site" address behind it:
 * <pre>
 *   [198.51.100.1 on lo] ns A [ext0 192.0.2.1/24] ===veth=== [ext0 192.0.2.2/24] ns B [203.0.113.1 on lo]
 * </pre>
 * A tunnel between the site subnets (198.51.100.0/24 === 203.0.113.0/24) can then be tested
 * by pinging from one site address to the other.
 *
 * <p>The site address sits on {@code lo} as a host route (/32 or /128): this kernel has no
 * dummy interface module, and an address with a /24 on {@code lo} would make the kernel treat
 * the whole /24 as local. The site <em>subnet</em> (for traffic selectors) is still the
 * configured prefix, see {@link #siteSubnetA()}.
 *
 * <p>Namespace names are {@code jk-<pid>-<seq>-a|b}: unique per instance, and the pid lets
 * {@link #sweepLeftovers()} tell leftovers of dead test runs from those of a live one.
 */
public final class TwoSiteTopology implements AutoCloseable {
    /** Interface name of the veth end in both namespaces. */
    public static final String EXT_IF = "ext0";
    private static final Pattern OUR_NS = Pattern.compile("jk-(\\d+)-[0-9a-f]+-[ab]");
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static volatile boolean swept;

    private final NetworkNamespace a;
    private final NetworkNamespace b;
    private final Cidr outerA;
    private final Cidr outerB;
    private final Cidr siteA;
    private final Cidr siteB;
    private boolean closed;

    /** Addresses of the topology; the defaults are the documentation ranges of RFC 5737. */
    public static final class Builder {
        private Cidr outerA = Cidr.parse("192.0.2.1/24");
        private Cidr outerB = Cidr.parse("192.0.2.2/24");
        private Cidr siteA = Cidr.parse("198.51.100.1/24");
        private Cidr siteB = Cidr.parse("203.0.113.1/24");

        public Builder outer(String cidrA, String cidrB) {
            outerA = Cidr.parse(cidrA);
            outerB = Cidr.parse(cidrB);
            return this;
        }

        public Builder sites(String cidrA, String cidrB) {
            siteA = Cidr.parse(cidrA);
            siteB = Cidr.parse(cidrB);
            return this;
        }

        public TwoSiteTopology create() {
            return new TwoSiteTopology(this);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The default topology (192.0.2.0/24 outside, 198.51.100.0/24 and 203.0.113.0/24 sites). */
    public static TwoSiteTopology create() {
        return builder().create();
    }

    private TwoSiteTopology(Builder cfg) {
        sweepOnce();
        outerA = cfg.outerA;
        outerB = cfg.outerB;
        siteA = cfg.siteA;
        siteB = cfg.siteB;
        // pid + per-JVM sequence: unique among live test JVMs without relying on luck.
        String base = "jk-" + ProcessHandle.current().pid() + "-" + Integer.toHexString(SEQ.incrementAndGet());
        NetworkNamespace na = null;
        NetworkNamespace nb = null;
        Cleanup.register(this);
        try {
            na = NetworkNamespace.create(base + "-a");
            nb = NetworkNamespace.create(base + "-b");
            VethPair.create(na, EXT_IF, nb, EXT_IF)
                    .addressA(outerA.toString())
                    .addressB(outerB.toString())
                    .up();
            na.addAddress("lo", siteA.host());
            nb.addAddress("lo", siteB.host());
        } catch (RuntimeException e) {
            deleteQuietly(nb);
            deleteQuietly(na);
            Cleanup.unregister(this);
            throw e;
        }
        a = na;
        b = nb;
    }

    public NetworkNamespace a() {
        return a;
    }

    public NetworkNamespace b() {
        return b;
    }

    /** Outer (IKE) address of A, e.g. {@code 192.0.2.1}. */
    public String outerAddressA() {
        return outerA.address();
    }

    public String outerAddressB() {
        return outerB.address();
    }

    /** Protected host address of site A, e.g. {@code 198.51.100.1}. */
    public String siteAddressA() {
        return siteA.address();
    }

    public String siteAddressB() {
        return siteB.address();
    }

    /** Protected subnet of site A, e.g. {@code 198.51.100.0/24}. */
    public String siteSubnetA() {
        return siteA.network();
    }

    public String siteSubnetB() {
        return siteB.network();
    }

    /**
     * Pings {@code to} from namespace {@code from}, with source address {@code source}.
     * Returns the result whatever the outcome; {@link CommandResult#ok()} means all replies came.
     */
    public static CommandResult ping(NetworkNamespace from, String source, String to, int count) {
        return from.execUnchecked(Duration.ofSeconds(5L + 2L * count),
                "ping", "-n", "-q", "-c", Integer.toString(count), "-i", "0.2", "-W", "2", "-I", source, to);
    }

    /** Pings site B from site A through whatever tunnel is up. */
    public CommandResult pingSiteBFromSiteA(int count) {
        return ping(a, siteAddressA(), siteAddressB(), count);
    }

    /** Deletes both namespaces (and so the veth pair and every process inside). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException first = null;
        for (NetworkNamespace ns : new NetworkNamespace[] {a, b}) {
            try {
                ns.delete();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        Cleanup.unregister(this);
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "TwoSiteTopology[" + a.name() + ", " + b.name() + "]";
    }

    /**
     * Removes {@code jk-<pid>-*} namespaces whose creating JVM is gone, with whatever still
     * runs in them. Namespaces of live JVMs (a parallel test run) are left alone.
     *
     * @return the names removed
     */
    public static List<String> sweepLeftovers() {
        List<String> removed = new ArrayList<>();
        for (String name : NetworkNamespace.list()) {
            Matcher m = OUR_NS.matcher(name);
            if (!m.matches()) {
                continue;
            }
            long pid = Long.parseLong(m.group(1));
            if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).isEmpty()) {
                try {
                    NetworkNamespace.of(name).delete();
                    removed.add(name);
                } catch (RuntimeException e) {
                    System.err.println("could not remove leftover namespace " + name + ": " + e.getMessage());
                }
            }
        }
        return removed;
    }

    private static void sweepOnce() {
        if (!swept) {
            swept = true;
            List<String> removed = sweepLeftovers();
            if (!removed.isEmpty()) {
                System.err.println("removed leftover test namespaces: " + removed);
            }
        }
    }

    private static void deleteQuietly(NetworkNamespace ns) {
        if (ns != null) {
            try {
                ns.delete();
            } catch (RuntimeException ignored) {
                // best effort during a failed setup; the sweep catches the rest
            }
        }
    }
}
