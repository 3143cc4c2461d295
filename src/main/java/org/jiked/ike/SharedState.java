package org.jiked.ike;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the IKE engines of one gateway share when a daemon runs several side by side (one per
 * core, each owning the IKE SAs whose SPI it chose): the limits of {@code security ike session}
 * and {@code connections-limit} hold for the gateway as a whole, a cookie one engine issued is
 * accepted by any other, a backed-off peer is backed off everywhere, and SA index numbers are
 * unique in {@code show} output. Everything here is safe to use from several threads; an engine
 * that runs alone gets a SharedState of its own.
 */
public final class SharedState {
    final SessionSettings session;
    final CookieSecrets cookies;
    final Backoffs backoffs = new Backoffs();
    final HalfOpenGuard.Counts halfOpen = new HalfOpenGuard.Counts();
    final IncomingRateLimiter incomingRates;
    final DynamicPeers.Connections connections = new DynamicPeers.Connections();
    private final AtomicInteger nextIndex = new AtomicInteger(1);
    private volatile InitialContact initialContact = (from, gateway, peer) -> {};

    /** INITIAL_CONTACT that one engine received, for the others to drop their SAs with that peer. */
    @FunctionalInterface
    public interface InitialContact {
        void received(IkeEngine from, PeerConfig gateway, Identity peer);
    }

    /**
     * @param random the source of the cookie secrets
     * @param nowMillis the engines' monotonic clock now
     */
    public SharedState(SessionSettings session, SecureRandom random, long nowMillis) {
        this.session = session;
        this.cookies = new CookieSecrets(random, nowMillis);
        this.incomingRates = new IncomingRateLimiter(session.incomingRates());
    }

    /** Tells {@code listener} of every INITIAL_CONTACT; set before the engines run. */
    public void onInitialContact(InitialContact listener) {
        this.initialContact = listener;
    }

    void initialContact(IkeEngine from, PeerConfig gateway, Identity peer) {
        initialContact.received(from, gateway, peer);
    }

    int nextIndex() {
        return nextIndex.getAndIncrement();
    }

    /** {@code dynamic connections-limit}: most IKE SAs the dynamic gateway holds at once, over all engines. */
    public void connectionsLimit(String gateway, int limit) {
        connections.limit(gateway, limit);
    }

    /** Half-open responder SAs over all engines (and requests admitted a moment ago, still being answered). */
    public int halfOpenCount() {
        return halfOpen.count();
    }

    /** Peer addresses in backoff or blocked now. */
    public int backedOffPeers() {
        return backoffs.snapshot().size();
    }
}
