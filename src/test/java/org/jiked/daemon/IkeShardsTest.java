package org.jiked.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.jiked.config.SecurityConfig;
import org.jiked.ike.EngineContext;
import org.jiked.ike.IkeEngine;
import org.jiked.ike.IkeSaInfo;
import org.jiked.wire.IkeHeader;
import org.jiked.wire.IkeMessage;
import org.jiked.wire.IkeMessageCodec;
import org.jiked.wire.NotifyType;
import org.jiked.wire.payload.KePayload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The daemon's IKE engines, two here, each on its own thread, against real initiators (single
 * engines driven by the test thread) over an in-memory network: every kind of message reaches the
 * engine that owns it, and the gateway-wide limits hold over both engines.
 */
class IkeShardsTest {
    static final InetAddress GATEWAY = InetAddress.ofLiteral("192.0.2.2");
    static final String PROPOSAL = """
            set security ike proposal p authentication-method pre-shared-keys
            set security ike proposal p dh-group group31
            set security ike proposal p authentication-algorithm sha-256
            set security ike proposal p encryption-algorithm aes-128-gcm
            set security ipsec proposal e protocol esp
            set security ipsec proposal e encryption-algorithm aes-128-gcm
            set security ipsec policy e proposals e
            """;
    /** A dynamic gateway for the cells, and two configured sites. */
    static final String GATEWAY_CONFIG = PROPOSAL + """
            set security ike policy cells proposals p
            set security ike policy cells pre-shared-key ascii-text "cells-key"
            set security ike gateway cells ike-policy cells
            set security ike gateway cells dynamic general-ikeid
            set security ike gateway cells local-address 192.0.2.2
            set security ike gateway cells version v2-only
            set security ike policy sites proposals p
            set security ike policy sites pre-shared-key ascii-text "sites-key"
            """;

    /** A datagram and, for one the gateway sent, the engine that sent it. */
    record Datagram(int shard, InetSocketAddress from, InetSocketAddress to, byte[] data) {
        IkeHeader header() {
            try {
                return IkeMessageCodec.decodeHeader(data);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    final ConcurrentLinkedQueue<Datagram> fromGateway = new ConcurrentLinkedQueue<>();
    /** Everything the gateway sent, in order. */
    final List<Datagram> sent = new ArrayList<>();
    final List<Peer> peers = new ArrayList<>();
    IkeShards shards;

    /** One initiator: a single engine with one configured gateway, the daemon's address. */
    final class Peer {
        final IkeEngine engine;
        final InetSocketAddress address;
        final ConcurrentLinkedQueue<Datagram> out = new ConcurrentLinkedQueue<>();
        final List<Datagram> received = new ArrayList<>();
        /** Rewrites the source port of what the peer sends, as a NAT that rebinds would. */
        int sourcePort;

        Peer(String address, String id, String psk, int seed, String extra) throws Exception {
            this.address = new InetSocketAddress(InetAddress.ofLiteral(address), 500);
            this.sourcePort = 500;
            SecurityConfig c = SecurityConfig.parse(PROPOSAL + """
                    set security ike policy p proposals p
                    set security ike policy p pre-shared-key ascii-text "%s"
                    set security ike gateway gw ike-policy p
                    set security ike gateway gw address 192.0.2.2
                    set security ike gateway gw local-address %s
                    set security ike gateway gw version v2-only
                    """.formatted(psk, address) + (id == null ? ""
                    : "set security ike gateway gw local-identity hostname " + id + "\n") + extra, "peer.conf");
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            EngineContext ctx = new EngineContext(() -> System.nanoTime() / 1_000_000, System::currentTimeMillis,
                    random, (local, remote, data) -> out.add(new Datagram(-1, local, remote, data)),
                    EngineContext.ChildSaListener.NONE, (level, message) -> { });
            engine = new IkeEngine(ctx, EngineConfigs.peers(c, gw -> this.address.getAddress()));
            peers.add(this);
        }

        List<IkeSaInfo> upSas() {
            return engine.ikeSas().stream().filter(s -> s.state().equals("UP")).toList();
        }
    }

    void start(int n, String extra) throws Exception {
        SecurityConfig c = SecurityConfig.parse(GATEWAY_CONFIG + extra, "gateway.conf");
        shards = new IkeShards(n, EngineConfigs.peers(c, gw -> GATEWAY), EngineConfigs.session(c.ikeSession()),
                EngineConfigs.connectionsLimits(c), i -> new EngineContext(() -> System.nanoTime() / 1_000_000,
                        System::currentTimeMillis, new SecureRandom(),
                        (local, remote, data) -> fromGateway.add(new Datagram(i, local, remote, data)),
                        EngineContext.ChildSaListener.NONE, (level, message) -> { }));
        shards.start();
    }

    @AfterEach
    void stop() {
        if (shards != null) {
            shards.shutdown(3);
        }
    }

    /** A cell whose first IKE_SA_INIT (queued, not delivered) goes to engine {@code shard} by the hash. */
    Peer cellOn(int shard, String address, String id, String psk) throws Exception {
        for (int seed = 1; ; seed++) {
            Peer p = new Peer(address, id, psk, seed * 7919 + address.hashCode(), "");
            p.engine.initiate("gw");
            Datagram init = p.out.peek();
            if (IkeShards.newSaShard(init.header().initiatorSpi(), p.address, shards.size()) == shard) {
                return p;
            }
            peers.remove(p);
        }
    }

    /** Moves datagrams both ways until {@code done}; fails after a generous time. */
    void run(BooleanSupplier done) {
        long end = System.nanoTime() + 30_000_000_000L;
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "the exchanges did not finish");
            boolean moved = false;
            for (Peer p : List.copyOf(peers)) {
                Datagram d;
                while ((d = p.out.poll()) != null) {
                    deliver(p, d.data());
                    moved = true;
                }
            }
            Datagram d;
            while ((d = fromGateway.poll()) != null) {
                sent.add(d);
                for (Peer p : peers) {
                    if (p.address.getAddress().equals(d.to().getAddress())) {
                        p.received.add(d);
                        p.engine.receive(p.address, d.from(), d.data());
                    }
                }
                moved = true;
            }
            if (!moved) {
                LockSupport.parkNanos(1_000_000);
                peers.forEach(p -> p.engine.tick());
            }
        }
    }

    void deliver(Peer p, byte[] data) {
        shards.receive(new InetSocketAddress(GATEWAY, 500),
                new InetSocketAddress(p.address.getAddress(), p.sourcePort), data);
    }

    long stat(String name) {
        return shards.stats().getOrDefault(name, 0L);
    }

    /** What engine {@code shard} counted. */
    long stat(int shard, String name) {
        return shards.onEach(IkeEngine::statsSnapshot).get(shard).getOrDefault(name, 0L);
    }

    /** Waits for the engines without moving datagrams; fails after a generous time. */
    static void waitFor(BooleanSupplier done) {
        long end = System.nanoTime() + 30_000_000_000L;
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "the engines did not answer");
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** The cell's first IKE_SA_INIT, taken out of its queue; the test moves this cell's datagrams itself. */
    byte[] takeInit(Peer p) {
        peers.remove(p);
        return p.out.poll().data();
    }

    @Test
    void newSasSpreadOverTheEnginesAndEachMessageReachesItsOwner() throws Exception {
        start(2, "");
        for (int i = 0; i < 6; i++) {
            cellOn(i % 2, "198.51.100." + (10 + i), "cell-" + i + ".example.net", "cells-key");
        }
        run(() -> peers.stream().allMatch(p -> p.upSas().size() == 1));
        List<List<IkeSaInfo>> byShard = shards.onEach(IkeEngine::ikeSas);
        for (Peer p : peers) {
            IkeSaInfo sa = p.upSas().getFirst();
            int expected = IkeShards.newSaShard(sa.initiatorSpi(), p.address, 2);
            // the IKE_SA_INIT went by the hash; the engine put its index into the SPI it chose
            assertEquals(expected, ShardSpis.shardOf(sa.responderSpi(), 2));
            // ... and every answer on the SA (IKE_SA_INIT, IKE_AUTH) came from that engine
            List<Datagram> answers = p.received.stream()
                    .filter(d -> d.header().initiatorSpi() == sa.initiatorSpi()).toList();
            assertEquals(2, answers.size());
            answers.forEach(d -> assertEquals(expected, d.shard()));
            assertTrue(byShard.get(expected).stream().anyMatch(s -> s.responderSpi() == sa.responderSpi()));
            assertTrue(byShard.get(1 - expected).stream().noneMatch(s -> s.responderSpi() == sa.responderSpi()));
        }
        assertEquals(3, byShard.get(0).size());
        assertEquals(3, byShard.get(1).size());
        // show output is one table: index numbers unique over the engines, counters summed
        List<IkeSaInfo> all = shards.ikeSas();
        assertEquals(6, all.size());
        assertEquals(6, new HashSet<>(all.stream().map(IkeSaInfo::index).toList()).size());
        assertEquals(6, stat("ike-sa-established"));
        assertEquals(3, stat(0, "ike-sa-established"));
        // clear goes to every engine
        assertEquals(6, shards.clear(e -> e.clearIkeSas(null)));
    }

    @Test
    void aRetransmittedIkeSaInitReachesTheSameEngine() throws Exception {
        start(2, "");
        for (int shard = 0; shard < 2; shard++) {
            Peer p = cellOn(shard, "198.51.100." + (20 + shard), "cell.example.net", "cells-key");
            byte[] init = takeInit(p);
            deliver(p, init);
            deliver(p, init);
            waitFor(() -> fromGateway.size() == 2);
            Datagram first = fromGateway.poll();
            Datagram second = fromGateway.poll();
            assertEquals(shard, first.shard());
            assertEquals(shard, second.shard());
            assertTrue(Arrays.equals(first.data(), second.data()), "the cached response");
            assertEquals(1, stat(shard, "retransmits-answered"));
            assertEquals(shard + 1, shards.shared().halfOpenCount(), "one SA, not two");
        }
    }

    @Test
    void aCookieFromOneEngineIsAcceptedByTheOther() throws Exception {
        start(2, """
                set security ike session half-open max-count 100
                set security ike session half-open threshold send-cookie 1
                """);
        Peer first = cellOn(0, "198.51.100.30", "first.example.net", "cells-key");
        deliver(first, takeInit(first));
        waitFor(() -> fromGateway.poll() != null);
        assertEquals(1, shards.shared().halfOpenCount());
        // past the threshold: the next one gets a COOKIE from engine 0 ...
        Peer p = cellOn(0, "198.51.100.31", "cell.example.net", "cells-key");
        deliver(p, takeInit(p));
        waitFor(() -> !fromGateway.isEmpty());
        Datagram cookie = fromGateway.poll();
        assertEquals(0, cookie.shard());
        assertTrue(IkeMessageCodec.decode(cookie.data()).notify(NotifyType.COOKIE).isPresent());
        p.engine.receive(p.address, cookie.from(), cookie.data());
        byte[] retry = p.out.poll().data();
        long spiI = IkeMessageCodec.decodeHeader(retry).initiatorSpi();
        // ... and the retry comes back from a port a NAT rebound, which hashes to engine 1
        int port = 1024;
        while (IkeShards.newSaShard(spiI, new InetSocketAddress(p.address.getAddress(), port), 2) != 1) {
            port++;
        }
        p.sourcePort = port;
        deliver(p, retry);
        waitFor(() -> !fromGateway.isEmpty());
        Datagram answer = fromGateway.poll();
        assertEquals(1, answer.shard());
        IkeMessage m = IkeMessageCodec.decode(answer.data());
        assertTrue(m.first(KePayload.class).isPresent(), "a real IKE_SA_INIT response, not another COOKIE");
        assertEquals(1, stat(1, "cookies-accepted"));
        assertEquals(2, shards.shared().halfOpenCount());
    }

    @Test
    void halfOpenMaxCountHoldsOverBothEngines() throws Exception {
        start(2, "set security ike session half-open max-count 3\n");
        for (int i = 0; i < 8; i++) {
            cellOn(i % 2, "198.51.100." + (40 + i), "cell-" + i + ".example.net", "cells-key");
        }
        // all eight IKE_SA_INIT requests at once: both engines admit at the same time
        for (Peer p : List.copyOf(peers)) {
            deliver(p, takeInit(p));
        }
        waitFor(() -> stat("half-open-max-count-drops") + fromGateway.size() == 8);
        assertEquals(3, shards.shared().halfOpenCount());
        assertEquals(3, stat("half-open-sas"));
        assertEquals(5, stat("half-open-max-count-drops"));
        assertEquals(3, stat("key-exchanges"));
    }

    @Test
    void connectionsLimitHoldsOverBothEngines() throws Exception {
        start(2, "set security ike gateway cells dynamic connections-limit 3\n");
        for (int i = 0; i < 6; i++) {
            cellOn(i % 2, "198.51.100." + (60 + i), "cell-" + i + ".example.net", "cells-key");
        }
        run(() -> stat("ike-sa-established") + stat("connections-limit-refusals") == 6
                && peers.stream().allMatch(p -> p.engine.ikeSas().isEmpty() || p.upSas().size() == 1));
        assertEquals(3, shards.ikeSas().size());
        assertEquals(3, stat("connections-limit-refusals"));
        assertEquals(3, peers.stream().filter(p -> p.upSas().size() == 1).count());
        // a slot freed on one engine can be taken through the other
        assertEquals(3, shards.clear(e -> e.clearIkeSas(null)));
        run(() -> shards.ikeSas().isEmpty());
        Peer late = cellOn(1, "198.51.100.70", "late.example.net", "cells-key");
        run(() -> late.upSas().size() == 1);
    }

    @Test
    void aPeerBackedOffByOneEngineIsIgnoredByTheOther() throws Exception {
        start(2, "set security ike session half-open backoff-timeouts auth-phase-failure 60\n");
        Peer wrong = cellOn(0, "198.51.100.80", "cell.example.net", "not-the-key");
        run(() -> stat("auth-failures") == 1 && wrong.engine.ikeSas().isEmpty());
        Peer again = cellOn(1, "198.51.100.80", "cell.example.net", "cells-key");
        fromGateway.clear();
        deliver(again, takeInit(again));
        waitFor(() -> stat(1, "backoff-drops") == 1);
        assertTrue(fromGateway.isEmpty(), "dropped, not answered");
        assertEquals(0, stat(1, "key-exchanges"));
        assertEquals(1, stat("backed-off-peers"));
        assertEquals(1, shards.peers("backoff").size(), "one table, listed once");
        assertEquals(1, shards.clear(IkeEngine::clearBackoffs));
        // show security ike peers failed: each engine's failures, in one list, newest first
        var failed = shards.failedPeers();
        assertTrue(failed.stream().anyMatch(f -> f.phase().equals("IKE_AUTH") && f.address().equals("198.51.100.80")));
        for (int i = 1; i < failed.size(); i++) {
            assertTrue(failed.get(i - 1).wallMillis() >= failed.get(i).wallMillis());
        }
        assertEquals(failed.size(), shards.clear(IkeEngine::clearFailedPeers));
        assertTrue(shards.failedPeers().isEmpty());
    }

    @Test
    void initialContactRemovesThePeersSasOnTheOtherEngine() throws Exception {
        start(2, "");
        Peer before = cellOn(0, "198.51.100.90", "rebooted.example.net", "cells-key");
        Peer other = cellOn(0, "198.51.100.91", "other.example.net", "cells-key");
        run(() -> before.upSas().size() == 1 && other.upSas().size() == 1);
        // the cell restarts: a new engine with no SA sends INITIAL_CONTACT, to the other engine
        Peer after = cellOn(1, "198.51.100.90", "rebooted.example.net", "cells-key");
        peers.remove(before);
        run(() -> after.upSas().size() == 1 && shards.ikeSas().size() == 2);
        List<List<IkeSaInfo>> byShard = shards.onEach(IkeEngine::ikeSas);
        assertEquals(1, byShard.get(0).size());
        assertTrue(byShard.get(0).getFirst().remoteIdentity().contains("other.example.net"));
        assertEquals(1, byShard.get(1).size());
        assertTrue(byShard.get(1).getFirst().remoteIdentity().contains("rebooted.example.net"));
    }

    @Test
    void anEngineThatFallsBehindHasItsBacklogCutAndCounted() throws Exception {
        start(2, "");
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch held = new CountDownLatch(2);
        Thread hold = Thread.ofVirtual().start(() -> shards.onEach(e -> {
            try {
                held.countDown();
                return busy.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                throw new IllegalStateException(ex);
            }
        }));
        held.await();
        InetSocketAddress from = new InetSocketAddress(InetAddress.ofLiteral("198.51.100.99"), 500);
        for (int i = 0; i < IkeShards.MAX_BACKLOG + 10; i++) {
            shards.receive(new InetSocketAddress(GATEWAY, 500), from, new byte[10]); // runts: all to engine 0
        }
        busy.countDown();
        hold.join();
        waitFor(() -> stat(0, "decode-errors") == IkeShards.MAX_BACKLOG);
        assertEquals(10, stat("engine-backlog-drops"));
        assertEquals(IkeShards.MAX_BACKLOG, stat("in-packets"));
    }

    @Test
    void aConfiguredGatewayIsInitiatedAndAnsweredByItsOwnEngine() throws Exception {
        String sites = """
                set security ike gateway site-a ike-policy sites
                set security ike gateway site-a address 203.0.113.10
                set security ike gateway site-a local-address 192.0.2.2
                set security ike gateway site-a version v2-only
                set security ike gateway site-b ike-policy sites
                set security ike gateway site-b address 203.0.113.11
                set security ike gateway site-b local-address 192.0.2.2
                set security ike gateway site-b version v2-only
                """;
        String vpns = """
                set security ipsec vpn to-a ike gateway site-a
                set security ipsec vpn to-a ike ipsec-policy e
                set security ipsec vpn to-a traffic-selector t local-ip 198.51.100.0/24
                set security ipsec vpn to-a traffic-selector t remote-ip 203.0.113.0/28
                set security ipsec vpn to-a establish-tunnels immediately
                set security ipsec vpn to-b ike gateway site-b
                set security ipsec vpn to-b ike ipsec-policy e
                set security ipsec vpn to-b traffic-selector t local-ip 198.51.100.0/24
                set security ipsec vpn to-b traffic-selector t remote-ip 203.0.113.16/28
                set security ipsec vpn to-b establish-tunnels immediately
                """;
        String siteVpn = """
                set security ipsec vpn v ike gateway gw
                set security ipsec vpn v ike ipsec-policy e
                set security ipsec vpn v traffic-selector t local-ip %s
                set security ipsec vpn v traffic-selector t remote-ip 198.51.100.0/24
                set security ipsec vpn v establish-tunnels responder-only
                """;
        Peer a = new Peer("203.0.113.10", null, "sites-key", 1, siteVpn.formatted("203.0.113.0/28"));
        Peer b = new Peer("203.0.113.11", null, "sites-key", 2, siteVpn.formatted("203.0.113.16/28"));
        start(2, sites + vpns);
        assertEquals(0, shards.gatewayShard("site-a"));
        assertEquals(1, shards.gatewayShard("site-b"));
        run(() -> a.upSas().size() == 1 && b.upSas().size() == 1);
        for (Peer p : List.of(a, b)) {
            int owner = p == a ? 0 : 1;
            IkeSaInfo sa = p.upSas().getFirst();
            // we initiated: our SPI is the initiator's, chosen by the gateway's engine, and the
            // responses to our requests went back to it (IKE_AUTH followed from there)
            assertEquals(owner, ShardSpis.shardOf(sa.initiatorSpi(), 2));
            assertEquals(1, sa.children().size());
            sent.stream().filter(d -> d.to().getAddress().equals(p.address.getAddress()))
                    .forEach(d -> assertEquals(owner, d.shard()));
            // a new IKE_SA_INIT from the site goes to the same engine, whatever its SPI
            for (long spi = 1; spi < 64; spi++) {
                byte[] init = IkeMessageCodec.encode(IkeHeader.of(spi << 40, 0,
                        org.jiked.wire.ExchangeType.IKE_SA_INIT, true, false, 0), List.of());
                assertEquals(owner, shards.shardFor(p.address, init));
            }
        }
        assertEquals(2, shards.onEach(e -> e.ikeSas().size()).stream().mapToInt(Integer::intValue).sum());
        assertEquals(0, shards.shardFor(a.address, new byte[10]), "a runt goes to the first, to be counted");
    }
}
