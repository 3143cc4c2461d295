package org.jiked.daemon;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.jiked.ike.EngineContext;
import org.jiked.ike.FailedPeer;
import org.jiked.ike.IkeEngine;
import org.jiked.ike.IkeSaInfo;
import org.jiked.ike.PeerConfig;
import org.jiked.ike.PeerStatus;
import org.jiked.ike.SessionSettings;
import org.jiked.ike.SharedState;

/**
 * The daemon's IKE engines, one per thread ({@code --ike-threads}, by default one per core), and
 * the dispatch of each received IKE message to the engine that owns it.
 *
 * <p>Why shards and not one engine behind a lock or a pool of workers: an IKE SA's exchanges must
 * run in order (message IDs, the response cache, collisions), so one thread owns each SA; with
 * the owner encoded in the SPI we chose ({@link ShardSpis}) the receive path needs only the
 * header to pick it, and each engine keeps its tables and timers without locks. What must hold
 * for the gateway as a whole (half-open and connections limits, cookies, backoffs, SA index
 * numbers) is in one {@link SharedState}, and the ESP data plane is shared already.
 *
 * <p>Dispatch, by the header alone:
 * <ul>
 *   <li>a message on an SA (our SPI is the responder SPI of a request from the initiator, else the
 *       initiator SPI) goes to the engine whose index that SPI carries;</li>
 *   <li>a new IKE_SA_INIT (responder SPI zero) from the address of a configured gateway goes to that
 *       gateway's engine, the one that also initiates it: all of a configured gateway's SAs stay in
 *       one engine, so INITIAL_CONTACT, "do we already have an SA with this peer" and the
 *       make-before-break of reauthentication see them all;</li>
 *   <li>any other new IKE_SA_INIT (a dynamic gateway's peers) goes by a hash of the initiator SPI
 *       and the source address and port, so its retransmissions find the same engine.</li>
 * </ul>
 * A dynamic peer's SAs may thus live in several engines: INITIAL_CONTACT from it is passed to the
 * others through {@link SharedState#onInitialContact}.
 *
 * <p>With one engine there is no other thread to hand a message to: the engine runs on the
 * receive loop itself ({@link #receiveLoop}), as one event loop did before, because a separate
 * receive thread then only adds a wake-up per message and competes for the same core.
 */
final class IkeShards {
    /** Offset of the flags octet in the IKE header (RFC 7296 section 3.1), and its Initiator bit. */
    private static final int FLAGS = 19;
    private static final int INITIATOR = 0x08;
    private static final int HEADER_LENGTH = 28;
    private static final long ANSWER_SECONDS = 10;
    /**
     * Received messages waiting for one engine, at most. The receive thread reads faster than an
     * engine computes key exchanges; past this a flood is dropped here, counted, as the kernel
     * dropped it when the socket's buffer was full before.
     */
    static final int MAX_BACKLOG = 8192;
    /** Failed negotiations {@code show security ike peers failed} lists: as many as one engine keeps. */
    private static final int FAILED_SHOWN = 1_000;

    /** One engine, the thread that owns it, and the received messages queued for it. */
    private record Shard(IkeEngine engine, EventLoop loop, AtomicInteger backlog) {}

    private final LongAdder backlogDrops = new LongAdder();
    private final List<Shard> shards = new ArrayList<>();
    private final SharedState shared;
    /**
     * The engine of each gateway that has a peer address: it initiates and holds all its SAs.
     * Gateways are dealt out in configuration order rather than by a hash of their name, so a few
     * gateways spread evenly.
     */
    private final Map<String, Integer> gatewayShards = new HashMap<>();
    private final Map<InetAddress, Integer> peerAddressShards = new HashMap<>();

    /**
     * @param count how many engines (threads)
     * @param contexts each engine's context (its own randomness, the shared transport and data plane)
     * @param connectionsLimits {@code dynamic connections-limit} by gateway name
     */
    IkeShards(int count, List<PeerConfig> peers, SessionSettings session, Map<String, Integer> connectionsLimits,
              IntFunction<EngineContext> contexts) throws IOException {
        if (count < 1 || count > ShardSpis.MAX_SHARDS) {
            throw new IllegalArgumentException("ike-threads must be 1 to " + ShardSpis.MAX_SHARDS + ", not " + count);
        }
        int next = 0;
        for (PeerConfig p : peers) {
            if (p.remoteAddresses().isEmpty()) {
                continue; // a dynamic gateway: its SAs go by hash
            }
            int shard = next++ % count;
            gatewayShards.put(p.name(), shard);
            // the first gateway naming an address takes its IKE_SA_INIT, as IkeEngine.peerFor does
            p.remoteAddresses().forEach(a -> peerAddressShards.putIfAbsent(a, shard));
        }
        List<EngineContext> ctxs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ctxs.add(contexts.apply(i));
        }
        EngineContext first = ctxs.getFirst();
        this.shared = new SharedState(session, new java.security.SecureRandom(), first.clockMillis().getAsLong());
        connectionsLimits.forEach(shared::connectionsLimit);
        for (int i = 0; i < count; i++) {
            int index = i;
            IkeEngine engine = new IkeEngine(ctxs.get(i), peers, shared, new ShardSpis(i, count),
                    p -> gatewayShards.getOrDefault(p.name(), 0) == index);
            // one engine runs on the receive loop and needs its selector; several only run tasks
            shards.add(new Shard(engine, new EventLoop(100, engine::tick, count == 1), new AtomicInteger()));
        }
        shared.onInitialContact((from, gateway, peer) -> {
            for (Shard s : shards) {
                if (s.engine != from) {
                    s.loop.execute(() -> s.engine.dropSas(gateway, peer));
                }
            }
        });
    }

    int size() {
        return shards.size();
    }

    SharedState shared() {
        return shared;
    }

    /** Engine {@code i}; callers other than tests go through its thread ({@link #onEach}). */
    IkeEngine engine(int i) {
        return shards.get(i).engine;
    }

    /** The engine that initiates the gateway and holds all its SAs, or null for a dynamic gateway. */
    Integer gatewayShard(String gateway) {
        return gatewayShards.get(gateway);
    }

    /** With one engine, its loop, which the caller runs and gives the sockets to; else null. */
    EventLoop receiveLoop() {
        return shards.size() == 1 ? shards.getFirst().loop : null;
    }

    /**
     * Starts each engine's thread ({@code ike-0}, {@code ike-1}, ...; with one engine the caller
     * runs {@link #receiveLoop}) and its gateways' initiation.
     */
    void start() {
        for (int i = 0; i < shards.size(); i++) {
            Shard s = shards.get(i);
            if (shards.size() > 1) {
                s.loop.start("ike-" + i);
            }
            s.loop.execute(s.engine::start);
        }
    }

    /** Hands a received IKE message (without the non-ESP marker) to the engine that owns it. */
    void receive(InetSocketAddress local, InetSocketAddress remote, byte[] datagram) {
        Shard s = shards.get(shardFor(remote, datagram));
        if (s.loop.inLoop()) {
            s.engine.receive(local, remote, datagram); // one engine, on the receive loop
            return;
        }
        if (s.backlog.incrementAndGet() > MAX_BACKLOG) {
            s.backlog.decrementAndGet();
            backlogDrops.increment();
            if (backlogDrops.sum() == 1) {
                GatewayDaemon.log("warning", "IKE engine busy: " + MAX_BACKLOG + " messages wait for it, further ones"
                        + " are dropped and counted as engine-backlog-drops");
            }
            return;
        }
        s.loop.execute(() -> {
            s.backlog.decrementAndGet();
            s.engine.receive(local, remote, datagram);
        });
    }

    /** {@code establish-tunnels on-traffic}: the gateway's own engine negotiates. */
    void acquire(String gateway) {
        Shard s = shards.get(gatewayShards.getOrDefault(gateway, 0));
        s.loop.execute(() -> s.engine.acquire(gateway));
    }

    /** The engine a message belongs to; see the class comment. */
    int shardFor(InetSocketAddress remote, byte[] datagram) {
        int count = shards.size();
        if (count == 1 || datagram.length < HEADER_LENGTH) {
            return 0; // a runt is dropped and counted by whichever engine gets it
        }
        long spiI = getLong(datagram, 0);
        long spiR = getLong(datagram, 8);
        if ((datagram[FLAGS] & INITIATOR) == 0) {
            return ShardSpis.shardOf(spiI, count);
        }
        if (spiR != 0) {
            return ShardSpis.shardOf(spiR, count);
        }
        Integer gateway = peerAddressShards.get(remote.getAddress());
        return gateway != null ? gateway : newSaShard(spiI, remote, count);
    }

    /** A new IKE_SA_INIT from a peer no configured gateway names: spread evenly, but stable over retransmissions. */
    static int newSaShard(long spiI, InetSocketAddress remote, int count) {
        long h = spiI ^ ((long) remote.getAddress().hashCode() << 16) ^ remote.getPort();
        h *= 0x9E37_79B9_7F4A_7C15L; // Fibonacci hashing: the high bits mix all of h
        return (int) ((h >>> 33) % count);
    }

    private static long getLong(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[at + i] & 0xff);
        }
        return v;
    }

    /** Runs {@code f} on every engine, each on its own thread, and gathers the answers in engine order. */
    <T> List<T> onEach(Function<IkeEngine, T> f) {
        List<CompletableFuture<T>> futures = new ArrayList<>();
        for (Shard s : shards) {
            futures.add(s.loop.call(() -> f.apply(s.engine)));
        }
        List<T> out = new ArrayList<>();
        try {
            for (CompletableFuture<T> fu : futures) {
                out.add(fu.get(ANSWER_SECONDS, TimeUnit.SECONDS));
            }
        } catch (Exception e) {
            throw new IllegalStateException("engine did not answer: " + e, e);
        }
        return out;
    }

    /** Every engine's IKE SAs, in index order, as one table. */
    List<IkeSaInfo> ikeSas() {
        List<IkeSaInfo> out = new ArrayList<>();
        onEach(IkeEngine::ikeSas).forEach(out::addAll);
        out.sort(Comparator.comparingInt(IkeSaInfo::index));
        return out;
    }

    /**
     * The counters of all engines added up; the gauges of the shared tables (half-open SAs, peers
     * in backoff) are the gateway's, not a sum.
     */
    Map<String, Long> stats() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map<String, Long> m : onEach(IkeEngine::statsSnapshot)) {
            m.forEach((k, v) -> out.merge(k, v, Long::sum));
        }
        out.put("engine-backlog-drops", backlogDrops.sum());
        out.put("half-open-sas", (long) shared.halfOpenCount());
        out.put("backed-off-peers", (long) shared.backedOffPeers());
        return out;
    }

    /**
     * {@code show security ike peers KIND} over all engines. Each engine lists its own SAs in
     * progress; tables the engines share (backoffs) come from every engine alike and are listed once.
     */
    List<PeerStatus> peers(String kind) {
        Map<List<Object>, PeerStatus> out = new LinkedHashMap<>();
        for (List<PeerStatus> l : onEach(e -> e.peers(kind))) {
            for (PeerStatus p : l) {
                out.putIfAbsent(Arrays.<Object>asList(p.address(), p.port(), p.gateway(), p.state(), p.reason()), p);
            }
        }
        List<PeerStatus> list = new ArrayList<>(out.values());
        if (!kind.equals("in-progress")) {
            list.sort(Comparator.comparing(PeerStatus::address));
        }
        return list;
    }

    /**
     * {@code show security ike peers failed} over all engines: each keeps its own last failures;
     * merged newest first and cut to as many as one engine keeps.
     */
    List<FailedPeer> failedPeers() {
        List<FailedPeer> out = new ArrayList<>();
        onEach(IkeEngine::failedPeers).forEach(out::addAll);
        out.sort(Comparator.comparingLong(FailedPeer::wallMillis).reversed());
        return out.size() > FAILED_SHOWN ? List.copyOf(out.subList(0, FAILED_SHOWN)) : out;
    }

    /** A clear command on every engine; the counts add up (a shared table is cleared by the first). */
    int clear(Function<IkeEngine, Integer> f) {
        return onEach(f).stream().mapToInt(Integer::intValue).sum();
    }

    /** SIGTERM: every engine deletes its SAs (waiting at most {@code seconds}), then the threads end. */
    void shutdown(long seconds) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (Shard s : shards) {
            done.add(s.loop.call(() -> {
                s.engine.shutdown();
                return null;
            }));
        }
        try {
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(seconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            GatewayDaemon.log("warning", "shutdown: " + e);
        }
        for (Shard s : shards) {
            s.loop.stop();
        }
        for (Shard s : shards) {
            try {
                s.loop.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
