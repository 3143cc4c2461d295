package org.jiked.ike;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;
import org.jiked.child.ChildSa;

/**
 * Two engines in one process joined by an in-memory network with a hand-moved clock: the
 * exchange tests run without sockets and without sleeping. The network can drop datagrams that a
 * test picks, to exercise retransmission.
 */
final class TwoGateways {
    record Datagram(InetSocketAddress from, InetSocketAddress to, byte[] data) {}

    long now = 1_000_000;
    final Deque<Datagram> inFlight = new ArrayDeque<>();
    final List<String> logA = new ArrayList<>();
    final List<String> logB = new ArrayList<>();
    final List<ChildSa> installedA = new ArrayList<>();
    final List<ChildSa> installedB = new ArrayList<>();
    /** CHILD_SAs whose outbound half the engine released after installing them inbound only. */
    final List<ChildSa> outboundReadyA = new ArrayList<>();
    final List<ChildSa> outboundReadyB = new ArrayList<>();
    IkeEngine a;
    IkeEngine b;
    private final List<PeerConfig> peersOfA;
    private final List<PeerConfig> peersOfB;
    final InetAddress addressA;
    final InetAddress addressB;
    Predicate<Datagram> drop = d -> false;
    /** Rewrites datagrams on their way, as a NAT between the two would. */
    java.util.function.UnaryOperator<Datagram> rewrite = d -> d;
    int delivered;

    TwoGateways(List<PeerConfig> peersOfA, List<PeerConfig> peersOfB, InetAddress addressA, InetAddress addressB) {
        this.addressA = addressA;
        this.addressB = addressB;
        this.peersOfA = peersOfA;
        this.peersOfB = peersOfB;
        a = new IkeEngine(context("a", installedA, logA, seeded(1)), peersOfA);
        b = new IkeEngine(context("b", installedB, logB, seeded(2)), peersOfB);
    }

    /** A new responder engine B with these {@code security ike session} settings; call before anything runs. */
    void responderSession(SessionSettings session) {
        b = new IkeEngine(context("b", installedB, logB, seeded(2)), peersOfB, session);
    }

    /** New engines whose randomness (SPIs, nonces) comes from other seeds; call before anything runs. */
    void reseed(int seed) {
        a = new IkeEngine(context("a", installedA, logA, seeded(1000 + seed)), peersOfA);
        b = new IkeEngine(context("b", installedB, logB, seeded(2000 + seed)), peersOfB);
    }

    private static SecureRandom seeded(int seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return r;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private EngineContext context(String name, List<ChildSa> installed, List<String> log, SecureRandom random) {
        return new EngineContext(() -> now, () -> now, random,
                (local, remote, data) -> inFlight.add(new Datagram(local, remote, data)),
                new EngineContext.ChildSaListener() {
                    @Override
                    public void installed(ChildSa child) {
                        installed.add(child);
                    }

                    @Override
                    public void removed(ChildSa child) {
                        installed.remove(child);
                    }

                    @Override
                    public void outboundReady(ChildSa child) {
                        (installed == installedA ? outboundReadyA : outboundReadyB).add(child);
                    }
                },
                (level, message) -> log.add(level + " " + message));
    }

    /** Delivers datagrams until none are left, or until {@code max} were handled. */
    void run(int max) {
        int n = 0;
        while (!inFlight.isEmpty() && n++ < max) {
            Datagram d = inFlight.poll();
            if (drop.test(d)) {
                continue;
            }
            delivered++;
            d = rewrite.apply(d);
            IkeEngine target = d.to().getAddress().equals(addressA) ? a : b;
            target.receive(d.to(), d.from(), d.data());
        }
    }

    void run() {
        run(1000);
    }

    /** Moves the clock and lets both engines act on it. */
    void advance(long millis) {
        now += millis;
        a.tick();
        b.tick();
    }
}
