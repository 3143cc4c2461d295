package org.jiked.ike;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Predicate;
import org.jiked.child.ChildSa;
import org.jiked.wire.ExchangeType;
import org.jiked.wire.IkeDecodeException;
import org.jiked.wire.IkeHeader;
import org.jiked.wire.IkeMessage;
import org.jiked.wire.IkeMessageCodec;
import org.jiked.wire.NotifyType;

/**
 * One IKEv2 gateway: its peers, its IKE SAs and their CHILD_SAs. The engine has no global state
 * and does no I/O of its own: datagrams come in through {@link #receive}, go out through the
 * context's transport, and time moves only when {@link #tick} is called. All calls must come
 * from one thread at a time.
 *
 * <p>A daemon may run several engines for one gateway, each on its own thread: then each owns
 * the IKE SAs whose SPI its {@link SpiAllocator} chose, initiates only the gateways it is given,
 * and shares the gateway-wide limits and tables through a {@link SharedState}.
 */
public final class IkeEngine {
    final EngineContext ctx;
    final IkeStats stats = new IkeStats();
    private final List<PeerConfig> peers;
    private final Map<Long, IkeSa> byLocalSpi = new HashMap<>();
    /**
     * Responder SAs by the initiator's SPI and address, half-open or not, so a retransmitted
     * IKE_SA_INIT is answered from the cached response (RFC 7296 section 2.1) even when it
     * arrives after IKE_AUTH, instead of starting a second SA.
     */
    private final Map<InitiatorKey, IkeSa> byInitiator = new HashMap<>();
    final HalfOpenGuard halfOpen;
    final IncomingRateLimiter incomingRates;
    private final DynamicPeers dynamicPeers;
    /** Failed negotiations, for {@code show security ike peers failed}. */
    final FailedPeers failedPeers = new FailedPeers(this);
    /** Installed CHILD_SAs by our inbound SPI, so a new SPI is checked for uniqueness in O(1). */
    private final Map<Integer, ChildSa> childrenByInboundSpi = new HashMap<>();
    final MessageChannel channel;
    private final SharedState shared;
    private final SpiAllocator spis;
    private final Predicate<PeerConfig> initiates;
    /** Outbound packets after which a CHILD_SA without ESN is rekeyed; tests lower it. */
    long sequenceSoftLimit = Lifetimes.SEQUENCE_SOFT_LIMIT;
    /** Each gateway's SAs, so finding a peer's SA does not scan the whole table. */
    private final Map<PeerConfig, Set<IkeSa>> byPeer = new HashMap<>();
    /**
     * When SAs next need the clock (retransmission, lifetimes, DPD): {@link #tick} visits only
     * the SAs that are due, so its cost follows the work to do, not the number of SAs. Entries
     * are not removed when an SA is rescheduled or dies; a stale entry is skipped when it comes up.
     */
    private final PriorityQueue<Wake> wakes = new PriorityQueue<>(Comparator.comparingLong(Wake::at));

    private record Wake(long at, IkeSa sa) {}

    /** How often an SA with polled state (volume lifetimes, DPD, fragments in reassembly) is looked at. */
    static final long POLL_MILLIS = 1_000;
    /** The longest an SA goes unvisited when nothing about it is due. */
    static final long IDLE_MILLIS = 60_000;

    record InitiatorKey(InetSocketAddress remote, long spiI) {}

    public IkeEngine(EngineContext ctx, List<PeerConfig> peers) {
        this(ctx, peers, SessionSettings.DEFAULT);
    }

    public IkeEngine(EngineContext ctx, List<PeerConfig> peers, SessionSettings session) {
        this(ctx, peers, new SharedState(session, ctx.random(), ctx.clockMillis().getAsLong()), SpiAllocator.RANDOM,
                p -> true);
    }

    /**
     * One of several engines of a gateway.
     *
     * @param shared what all the engines of the gateway share
     * @param spis this engine's part of the IKE and ESP SPI spaces
     * @param initiates the gateways this engine initiates ({@code establish-tunnels immediately})
     */
    public IkeEngine(EngineContext ctx, List<PeerConfig> peers, SharedState shared, SpiAllocator spis,
                     Predicate<PeerConfig> initiates) {
        this.ctx = ctx;
        this.peers = List.copyOf(peers);
        this.shared = shared;
        this.spis = spis;
        this.initiates = initiates;
        this.channel = new MessageChannel(this);
        this.halfOpen = new HalfOpenGuard(shared);
        this.incomingRates = shared.incomingRates;
        this.dynamicPeers = new DynamicPeers(this.peers, stats, shared.connections);
    }

    public IkeStats stats() {
        return stats;
    }

    /** The counters and, for {@code show security ike stats}, the gauges: SAs in the table and half-open now. */
    public Map<String, Long> statsSnapshot() {
        Map<String, Long> out = stats.snapshot();
        out.put("ike-sas", (long) byLocalSpi.size());
        out.put("half-open-sas", (long) halfOpen.count());
        out.put("backed-off-peers", (long) halfOpen.backoffs.snapshot().size());
        return out;
    }

    public List<PeerConfig> peers() {
        return peers;
    }

    long now() {
        return ctx.clockMillis().getAsLong();
    }

    void log(String level, IkeSa sa, String message) {
        ctx.log().log(level, (sa == null ? "" : "[" + sa.peer.name() + "#" + sa.index + "] ") + message);
    }

    /** Initiates every peer that has a CHILD_SA configured with {@code establish-tunnels immediately}. */
    public void start() {
        keepTunnelsUp(now());
    }

    /**
     * {@code establish-tunnels immediately}: a peer with such a VPN always has an IKE SA. When it has
     * none (never set up, failed, cleared, peer found dead) a new one is started, with a backoff that
     * doubles from {@link #RECONNECT_MIN_MILLIS} to {@link #RECONNECT_MAX_MILLIS} while attempts fail.
     */
    private void keepTunnelsUp(long now) {
        for (PeerConfig p : peers) {
            if (!initiates.test(p)
                    || p.children().stream().noneMatch(c -> c.startAction() == ChildConfig.StartAction.IMMEDIATELY)) {
                continue;
            }
            Reconnect r = reconnects.computeIfAbsent(p.name(), k -> new Reconnect());
            IkeSa sa = findSa(p);
            if (sa != null) {
                if (sa.isEstablished()) {
                    r.delayMillis = RECONNECT_MIN_MILLIS;
                }
                continue;
            }
            if (now >= r.nextAttemptMillis) {
                r.nextAttemptMillis = now + r.delayMillis;
                r.delayMillis = Math.min(r.delayMillis * 2, RECONNECT_MAX_MILLIS);
                initiate(p.name());
            }
        }
    }

    static final long RECONNECT_MIN_MILLIS = 2_000;
    static final long RECONNECT_MAX_MILLIS = 60_000;
    private final Map<String, Reconnect> reconnects = new HashMap<>();
    private long lastBackoffSweepMillis;

    private static final class Reconnect {
        long nextAttemptMillis;
        long delayMillis = RECONNECT_MIN_MILLIS;
    }

    /**
     * Starts an IKE SA with the named peer, with its CHILD_SAs that are not responder-only.
     *
     * @return false when the peer is unknown or already has an IKE SA
     */
    public boolean initiate(String peerName) {
        PeerConfig p = peers.stream().filter(x -> x.name().equals(peerName)).findFirst().orElse(null);
        if (p == null || p.remoteAddresses().isEmpty()) {
            return false;
        }
        IkeSa existing = findSa(p);
        if (existing != null) {
            return false;
        }
        IkeSa sa = newSa(true, p);
        for (ChildConfig c : p.children()) {
            if (!c.startAction().responderOnly()) {
                sa.pendingChildren.add(c);
            }
        }
        InetAddress local = p.localAddress();
        sa.local = new InetSocketAddress(local, 500);
        sa.remote = new InetSocketAddress(p.remoteAddresses().getFirst(), 500);
        sa.spiI = newIkeSpi();
        register(sa);
        IkeSaInit.sendRequest(this, sa);
        return true;
    }

    /**
     * {@code establish-tunnels on-traffic}: the data plane has a packet for the peer and no
     * CHILD_SA to carry it. Starts the IKE SA with its CHILD_SAs, or, on an established IKE SA,
     * the on-traffic CHILD_SAs that are missing. While a negotiation is under way it does nothing.
     *
     * @return whether a negotiation was started
     */
    public boolean acquire(String peerName) {
        PeerConfig p = peers.stream().filter(x -> x.name().equals(peerName)).findFirst().orElse(null);
        if (p == null) {
            return false;
        }
        IkeSa sa = findSa(p);
        if (sa == null) {
            stats.increment("acquires");
            return initiate(peerName);
        }
        if (!sa.isEstablished() || sa.outstanding != null || !sa.queued.isEmpty()) {
            return false;
        }
        boolean started = false;
        for (ChildConfig c : p.children()) {
            boolean present = sa.children.stream()
                    .anyMatch(x -> x.name().equals(c.name()) && x.state() != ChildSa.State.DELETED);
            if (c.startAction() == ChildConfig.StartAction.ON_TRAFFIC && !present) {
                channel.queue(sa, new CreateChildExchange(c, null));
                started = true;
            }
        }
        schedule(sa);
        if (started) {
            stats.increment("acquires");
        }
        return started;
    }

    /**
     * Reauthentication (Junos {@code reauth-frequency}; RFC 7296 section 2.8.3): a new IKE SA from
     * scratch with fresh authentication and the same CHILD_SAs, make-before-break; the old IKE SA
     * is deleted once the new one and its CHILD_SAs are up.
     */
    void reauthenticate(IkeSa old) {
        PeerConfig p = old.peer;
        IkeSa sa = newSa(true, p);
        for (ChildSa c : old.children) {
            ChildConfig config = p.child(c.name());
            if (config != null && c.state() != ChildSa.State.DELETED && !sa.pendingChildren.contains(config)) {
                sa.pendingChildren.add(config);
            }
        }
        sa.local = new InetSocketAddress(old.local.getAddress(), 500);
        sa.remote = new InetSocketAddress(old.remote.getAddress(), 500);
        sa.spiI = newIkeSpi();
        sa.replaces = old;
        register(sa);
        stats.increment("ike-sa-reauthentications");
        IkeSaInit.sendRequest(this, sa);
    }

    IkeSa newSa(boolean initiator, PeerConfig peer) {
        return new IkeSa(this, shared.nextIndex(), initiator, peer, now());
    }

    long newIkeSpi() {
        long spi;
        do {
            spi = spis.ikeSpi(ctx.random());
        } while (spi == 0 || byLocalSpi.containsKey(spi));
        return spi;
    }

    int newChildSpi() {
        int spi;
        do {
            spi = spis.childSpi(ctx.random());
        } while (Integer.compareUnsigned(spi, 256) < 0 || childrenByInboundSpi.containsKey(spi));
        return spi;
    }

    void register(IkeSa sa) {
        byLocalSpi.put(sa.localSpi(), sa);
        byPeer.computeIfAbsent(sa.peer, k -> new LinkedHashSet<>()).add(sa);
        sa.wakeMillis = now();
        wakes.add(new Wake(sa.wakeMillis, sa));
    }

    /**
     * Queues the SA's next wake-up after anything may have changed its timers; an earlier one
     * already queued is kept (an early visit only reschedules).
     */
    void schedule(IkeSa sa) {
        if (sa == null || sa.state == IkeSa.State.DEAD) {
            return;
        }
        long now = now();
        // something already due (e.g. a rekey under way past its soft deadline) waits for the next tick
        long due = Math.max(nextDue(sa, now), now + 1);
        if (sa.wakeMillis != 0 && sa.wakeMillis <= due) {
            return;
        }
        sa.wakeMillis = due;
        wakes.add(new Wake(due, sa));
    }

    private static long nextDue(IkeSa sa, long now) {
        boolean polled = sa.peer.dpd().mode() != DpdSettings.Mode.OFF || sa.reassembly.isCollecting();
        long due = Long.MAX_VALUE;
        if (sa.outstanding != null) {
            due = sa.outstanding.deadlineMillis;
        }
        if (sa.state == IkeSa.State.ESTABLISHED) {
            int keepalive = sa.peer.options().natKeepaliveSeconds();
            if (sa.natLocal && keepalive > 0) {
                due = Math.min(due, sa.lastKeepaliveMillis + keepalive * 1000L);
            }
            if (sa.peer.ikeLifetimeSeconds() > 0) {
                due = Math.min(due, sa.expiresMillis);
                if (!sa.rekeyPending && sa.rekeyAtMillis > 0) {
                    due = Math.min(due, sa.rekeyAtMillis);
                }
            }
            for (ChildSa c : sa.children) {
                if (c.state() == ChildSa.State.DELETED) {
                    continue;
                }
                polled |= c.lifetimeKilobytes() > 0;
                due = Math.min(due, c.rekeyAtMillis());
                if (c.state() == ChildSa.State.INSTALLED && !sa.peer.neverRekeys()) {
                    due = Math.min(due, Lifetimes.softVolumeDue(c, now));
                }
                if (c.lifetimeSeconds() > 0) {
                    due = Math.min(due, c.createdMillis() + c.lifetimeSeconds() * 1000);
                }
            }
        }
        return Math.min(due, now + (polled ? POLL_MILLIS : IDLE_MILLIS));
    }

    void registerHalfOpen(IkeSa sa) {
        sa.initRemote = sa.remote;
        byInitiator.put(new InitiatorKey(sa.initRemote, sa.spiI), sa);
        halfOpen.enter(sa, now());
    }

    /** The responder SA that IKE_SA_INIT from {@code remote} with {@code spiI} created, or null. */
    IkeSa findResponderSa(InetSocketAddress remote, long spiI) {
        return byInitiator.get(new InitiatorKey(remote, spiI));
    }

    /** The responder SA has passed IKE_AUTH (or failed): it no longer counts as half-open. */
    void leaveHalfOpen(IkeSa sa) {
        halfOpen.leave(sa);
    }

    /**
     * {@code backoff-timeouts auth-phase-failure}: the peer failed authentication, so its address
     * is ignored for a while.
     */
    void authenticationFailed(IkeSa sa) {
        if (!sa.originalInitiator && sa.remote != null) {
            backOff(sa.remote.getAddress(), "auth-phase-failure", halfOpen.settings().authPhaseBackoffMillis());
        }
    }

    void backOff(InetAddress address, String phase, long millis) {
        if (halfOpen.backoffs.backOff(address, phase, millis, now())) {
            stats.increment("peers-backed-off");
            log("info", null, "IKE_GATEWAY_PEER_BACKOFF: peer " + address.getHostAddress() + " backed off for "
                    + millis / 1000 + " s after " + phase);
        }
    }

    /**
     * IKE_GATEWAY_PEER_FAILED: the negotiation of this SA failed (once per SA; a later teardown of
     * the same SA adds nothing). Call before the SA is destroyed.
     *
     * @param phase IKE_SA_INIT or IKE_AUTH
     * @param reason the error notify's name, or a word such as "timeout"
     */
    void peerFailed(IkeSa sa, String phase, String reason, String detail) {
        if (!sa.failureRecorded && sa.remote != null) {
            sa.failureRecorded = true;
            failedPeers.record(sa, phase, reason, detail);
        }
    }

    /** A CHILD_SA of IKE_AUTH failed: the IKE SA stands, the tunnel the peer asked for does not. */
    void childFailed(IkeSa sa, String reason, String detail) {
        failedPeers.record(sa, "CHILD_SA", reason, detail);
    }

    IkeSa findSa(PeerConfig p) {
        for (IkeSa sa : byPeer.getOrDefault(p, Set.of())) {
            if (sa.peer == p && sa.state != IkeSa.State.DEAD && sa.state != IkeSa.State.DELETING) {
                return sa;
            }
        }
        return null;
    }

    /**
     * The gateway for an IKE_SA_INIT request from {@code remote} to {@code local}: the one
     * configured with that address, else the first dynamic gateway (no address, peers known by
     * IKE ID) on the local address. Which dynamic gateway really applies is settled in IKE_AUTH
     * by {@link #bindDynamicPeer}, so dynamic gateways of one address should share proposals.
     */
    PeerConfig peerFor(InetAddress local, InetAddress remote) {
        for (PeerConfig p : peers) {
            if (p.matchesRemote(remote)) {
                return p;
            }
        }
        for (PeerConfig p : peers) {
            if (isDynamic(p) && (p.localAddress() == null || p.localAddress().equals(local))) {
                return p;
            }
        }
        return null;
    }

    static boolean isDynamic(PeerConfig p) {
        return DynamicPeers.isDynamic(p);
    }

    /** {@code dynamic connections-limit}: most IKE SAs a dynamic gateway holds at once. */
    public void connectionsLimit(String peerName, int limit) {
        dynamicPeers.limit(peerName, limit);
    }

    /** IKE_AUTH on a dynamic gateway's SA: see {@link DynamicPeers#bind}; the SA is re-indexed under its gateway. */
    void bindDynamicPeer(IkeSa sa, Identity peerId) throws IkeProtocolException {
        PeerConfig before = sa.peer;
        try {
            dynamicPeers.bind(sa, peerId);
        } finally {
            if (sa.peer != before) {
                Set<IkeSa> set = byPeer.get(before);
                if (set != null && set.remove(sa) && set.isEmpty()) {
                    byPeer.remove(before);
                }
                byPeer.computeIfAbsent(sa.peer, k -> new LinkedHashSet<>()).add(sa);
            }
        }
    }

    /**
     * Handles one datagram from the network (already stripped of the non-ESP marker). Bad input
     * is dropped or answered as RFC 7296 says and counted; it never throws.
     */
    public void receive(InetSocketAddress local, InetSocketAddress remote, byte[] datagram) {
        stats.increment("in-packets");
        try {
            IkeHeader header = IkeMessageCodec.decodeHeader(datagram);
            if (header.exchangeType() == ExchangeType.IKE_SA_INIT && !header.isResponse()) {
                try {
                    IkeSaInit.handleRequest(this, local, remote, header, datagram);
                } finally {
                    halfOpen.settle(); // an admitted request that made no SA gives its slot back
                }
                return;
            }
            long ourSpi = header.isFromInitiator() ? header.responderSpi() : header.initiatorSpi();
            IkeSa sa = byLocalSpi.get(ourSpi);
            if (sa == null || sa.state == IkeSa.State.DEAD) {
                stats.increment("invalid-spi");
                return;
            }
            if (header.isFromInitiator() == sa.originalInitiator) {
                // a message claiming to come from our own role is a reflection or garbage
                stats.increment("unexpected-messages");
                return;
            }
            if (header.exchangeType() == ExchangeType.IKE_SA_INIT) {
                IkeSaInit.handleResponse(this, sa, header, datagram);
            } else {
                channel.handleProtected(sa, local, remote, header, datagram);
            }
            schedule(sa);
        } catch (IkeDecodeException e) {
            stats.increment("decode-errors");
            log("debug", null, "dropped message from " + remote + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // a bug must not take the gateway down; it is logged loudly instead
            stats.increment("decode-errors");
            log("error", null, "internal error on message from " + remote + ": " + e);
        }
    }

    /** Runs everything that is due: retransmissions, timeouts, lifetimes. */
    public void tick() {
        long now = now();
        for (IkeSa sa : halfOpen.expired(now)) {
            if (sa.state == IkeSa.State.INIT_DONE) {
                log("info", sa, "half-open IKE SA timed out");
                stats.increment("timeouts");
                peerFailed(sa, "IKE_SA_INIT", "timeout", "no IKE_AUTH request within the half-open timeout");
                backOff(sa.remote.getAddress(), "init-phase-failure", halfOpen.settings().initPhaseBackoffMillis());
                destroy(sa);
            }
        }
        if (now - lastBackoffSweepMillis >= 1_000) {
            halfOpen.backoffs.expire(now);
            incomingRates.expire(now);
            lastBackoffSweepMillis = now;
        }
        while (!wakes.isEmpty() && wakes.peek().at() <= now) {
            Wake w = wakes.poll();
            IkeSa sa = w.sa();
            if (sa.state == IkeSa.State.DEAD || sa.wakeMillis != w.at()) {
                continue;
            }
            sa.wakeMillis = 0;
            channel.retransmitIfDue(sa, now);
            sa.reassembly.expire(now, stats);
            if (sa.state == IkeSa.State.ESTABLISHED) {
                Lifetimes.check(this, sa, now);
                if (sa.state == IkeSa.State.ESTABLISHED) {
                    DeadPeerDetection.check(this, sa, now);
                    natKeepalive(sa, now);
                }
            }
            schedule(sa);
        }
        keepTunnelsUp(now);
    }

    /** Whether another live IKE SA exists with the same peer. */
    boolean hasOtherSa(IkeSa current) {
        for (IkeSa sa : byPeer.getOrDefault(current.peer, Set.of())) {
            if (sa != current && sa.peer == current.peer && sa.state != IkeSa.State.DEAD) {
                return true;
            }
        }
        return false;
    }

    /**
     * INITIAL_CONTACT (RFC 7296 section 2.4): the peer has no other SA with us any more, so the
     * older ones of the same gateway are removed without a Delete.
     */
    void dropOtherSas(IkeSa current) {
        dropSas(current.peer, current.peerIdentity, current);
        shared.initialContact(this, current.peer, current.peerIdentity);
    }

    /**
     * INITIAL_CONTACT that another engine of the gateway received from {@code peerId}: this
     * engine's SAs with the same gateway (on a dynamic gateway, with the same ID) go too.
     */
    public void dropSas(PeerConfig gateway, Identity peerId) {
        dropSas(gateway, peerId, null);
    }

    private void dropSas(PeerConfig gateway, Identity peerId, IkeSa current) {
        for (IkeSa sa : new ArrayList<>(byPeer.getOrDefault(gateway, Set.of()))) {
            // on a dynamic gateway many peers share the gateway: only the same ID's SAs go
            if (sa != current && sa.peer == gateway && sa.state != IkeSa.State.DEAD
                    && (!isDynamic(sa.peer) || peerId.equals(sa.peerIdentity))) {
                log("info", sa, "removed after INITIAL_CONTACT from the peer");
                destroy(sa);
            }
        }
    }

    /**
     * Behind a NAT (RFC 3948 section 4), a keepalive every {@code nat-keepalive} seconds holds the
     * NAT's mapping open while no other packet goes out.
     */
    private void natKeepalive(IkeSa sa, long now) {
        int interval = sa.peer.options().natKeepaliveSeconds();
        if (!sa.natLocal || interval <= 0 || sa.local.getPort() != 4500) {
            return;
        }
        if (now - sa.lastKeepaliveMillis >= interval * 1000L) {
            sa.lastKeepaliveMillis = now;
            stats.increment("nat-keepalives-sent");
            ctx.transport().sendNatKeepalive(sa.local, sa.remote);
        }
    }

    private void unindex(IkeSa sa) {
        Set<IkeSa> set = byPeer.get(sa.peer);
        if (set != null && set.remove(sa) && set.isEmpty()) {
            byPeer.remove(sa.peer);
        }
    }

    /** Removes an IKE SA and its CHILD_SAs at once, without telling the peer. */
    void destroy(IkeSa sa) {
        sa.state = IkeSa.State.DEAD;
        unindex(sa);
        for (ChildSa c : sa.children) {
            removeChild(sa, c);
        }
        sa.children.clear();
        byLocalSpi.remove(sa.localSpi());
        leaveHalfOpen(sa);
        dynamicPeers.release(sa);
        if (sa.initRemote != null) {
            byInitiator.remove(new InitiatorKey(sa.initRemote, sa.spiI), sa);
        }
        if (sa.keys != null) {
            sa.keys.destroy();
        }
    }

    void removeChild(IkeSa sa, ChildSa c) {
        if (c.state() != ChildSa.State.DELETED) {
            c.state(ChildSa.State.DELETED);
            childrenByInboundSpi.remove(c.inboundSpi(), c);
            // the successor takes over sending before the old SA goes, so no packet finds neither
            for (ChildSa next : sa.children) {
                if (next.outboundAfter() == c) {
                    next.outboundAfter(null);
                    // a redundant SA of a simultaneous rekey being deleted never sends
                    if (next.state() == ChildSa.State.INSTALLED || next.state() == ChildSa.State.REKEYING) {
                        ctx.childListener().outboundReady(next);
                    }
                }
            }
            ctx.childListener().removed(c);
            c.destroyKeys();
        }
    }

    void installChild(IkeSa sa, ChildSa c) {
        sa.children.add(c);
        childrenByInboundSpi.put(c.inboundSpi(), c);
        stats.increment("child-sa-established");
        log("info", sa, "CHILD_SA " + c + " established");
        ctx.childListener().installed(c);
    }

    /**
     * Deletes the IKE SAs with the peer at {@code peerAddress} (all when null) by an INFORMATIONAL
     * Delete, as {@code clear security ike security-associations} does.
     *
     * @return how many IKE SAs were cleared
     */
    public int clearIkeSas(InetAddress peerAddress) {
        int n = 0;
        for (IkeSa sa : new ArrayList<>(byLocalSpi.values())) {
            if (sa.state == IkeSa.State.DEAD || sa.remote == null
                    || (peerAddress != null && !sa.remote.getAddress().equals(peerAddress))) {
                continue;
            }
            n++;
            deleteIkeSa(sa);
        }
        return n;
    }

    /** Deletes every CHILD_SA by INFORMATIONAL Delete, leaving the IKE SAs up. */
    public int clearChildSas() {
        int n = 0;
        for (IkeSa sa : new ArrayList<>(byLocalSpi.values())) {
            if (!sa.isEstablished()) {
                continue;
            }
            for (ChildSa c : new ArrayList<>(sa.children)) {
                if (c.state() == ChildSa.State.INSTALLED) {
                    n++;
                    c.state(ChildSa.State.DELETING);
                    channel.queue(sa, Informational.deleteChild(c));
                }
            }
            schedule(sa);
        }
        return n;
    }

    void deleteIkeSa(IkeSa sa) {
        if (sa.isEstablished()) {
            sa.state = IkeSa.State.DELETING;
            channel.queue(sa, Informational.deleteIke());
            schedule(sa);
        } else {
            destroy(sa);
        }
    }

    /** Sends Delete for every established IKE SA (best effort, no waiting), then forgets them all. */
    public void shutdown() {
        for (IkeSa sa : new ArrayList<>(byLocalSpi.values())) {
            if (sa.isEstablished()) {
                channel.sendUnsolicitedDelete(sa);
            }
            destroy(sa);
        }
    }

    /** Starts a further CHILD_SA by CREATE_CHILD_SA on the peer's established IKE SA. */
    public boolean createChild(String peerName, String childName) {
        PeerConfig p = peers.stream().filter(x -> x.name().equals(peerName)).findFirst().orElse(null);
        IkeSa sa = p == null ? null : findSa(p);
        ChildConfig c = p == null ? null : p.child(childName);
        if (sa == null || c == null || !sa.isEstablished()) {
            return false;
        }
        channel.queue(sa, new CreateChildExchange(c, null));
        schedule(sa);
        return true;
    }

    /** Starts a rekey of every installed CHILD_SA now, as if their lifetimes had run out. */
    void rekeyChildSas() {
        for (IkeSa sa : new ArrayList<>(byLocalSpi.values())) {
            if (!sa.isEstablished()) {
                continue;
            }
            for (ChildSa c : new ArrayList<>(sa.children)) {
                ChildConfig config = sa.peer.child(c.name());
                if (c.state() == ChildSa.State.INSTALLED && config != null) {
                    c.state(ChildSa.State.REKEYING);
                    channel.queue(sa, new CreateChildExchange(config, c));
                }
            }
            schedule(sa);
        }
    }

    /** Starts a rekey of every established IKE SA now. */
    void rekeyIkeSas() {
        for (IkeSa sa : new ArrayList<>(byLocalSpi.values())) {
            if (sa.isEstablished() && !sa.rekeyPending) {
                sa.rekeyPending = true;
                channel.queue(sa, new IkeRekey.Initiator());
                schedule(sa);
            }
        }
    }

    /** A consistent copy of the SA table for show commands. */
    public List<IkeSaInfo> ikeSas() {
        List<IkeSa> sas = new ArrayList<>(byLocalSpi.values());
        sas.sort((a, b) -> Integer.compare(a.index, b.index));
        List<IkeSaInfo> out = new ArrayList<>();
        long now = now();
        long wall = ctx.wallClockMillis().getAsLong();
        for (IkeSa sa : sas) {
            if (sa.state != IkeSa.State.DEAD) {
                out.add(IkeSaInfo.of(sa, now, wall));
            }
        }
        return out;
    }

    /**
     * {@code show security ike peers in-progress | backoff | blocked}: peers whose IKE SA is being
     * negotiated, or whose new sessions are refused for a while (blocked: by a blocklist rule).
     */
    public List<PeerStatus> peers(String kind) {
        long now = now();
        List<PeerStatus> out = new ArrayList<>();
        if (kind.equals("in-progress")) {
            for (IkeSa sa : byLocalSpi.values()) {
                if (sa.state == IkeSa.State.INIT_SENT || sa.state == IkeSa.State.INIT_DONE
                        || sa.state == IkeSa.State.AUTH_SENT) {
                    out.add(new PeerStatus(sa.remote.getAddress().getHostAddress(), sa.remote.getPort(), sa.peer.name(),
                            sa.state.name(), sa.originalInitiator ? "initiator" : "responder",
                            (now - sa.createdMillis) / 1000));
                }
            }
            return out;
        }
        boolean blockedOnly = kind.equals("blocked");
        halfOpen.backoffs.snapshot().forEach((address, e) -> {
            boolean blocked = e.phase().startsWith("blocklist");
            if (e.untilMillis() > now && (!blockedOnly || blocked)) {
                out.add(new PeerStatus(address.getHostAddress(), 0, "", blocked ? "BLOCKED" : "BACKOFF", e.phase(),
                        (e.untilMillis() - now + 999) / 1000));
            }
        });
        out.sort(java.util.Comparator.comparing(PeerStatus::address));
        return out;
    }

    /** {@code show security ike peers failed}: the last failed negotiations, newest first. */
    public List<FailedPeer> failedPeers() {
        return failedPeers.snapshot();
    }

    /** {@code clear security ike peers failed}: forgets the failed negotiations; how many there were. */
    public int clearFailedPeers() {
        return failedPeers.clear();
    }

    /** {@code clear security ike peers backoff}: lets every backed-off peer try again at once. */
    public int clearBackoffs() {
        return halfOpen.backoffs.clear();
    }

    /** How many IKE SAs are in the table (any state). */
    public int ikeSaCount() {
        return byLocalSpi.size();
    }

    /** The IKE SA with our SPI {@code localSpi}, or null; for tests in this package. */
    IkeSa saByLocalSpi(long localSpi) {
        return byLocalSpi.get(localSpi);
    }

    /** How many responder SAs wait for IKE_AUTH; for tests in this package. */
    int halfOpenCount() {
        return halfOpen.count();
    }

    static String notifyName(int type) {
        return NotifyType.name(type);
    }

    static IkeMessage decodeQuietly(byte[] datagram) throws IkeDecodeException {
        return IkeMessageCodec.decode(datagram);
    }
}
