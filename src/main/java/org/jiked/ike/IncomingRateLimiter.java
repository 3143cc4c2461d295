package org.jiked.ike;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jiked.wire.ExchangeType;
import org.jiked.wire.NotifyType;
import org.jiked.wire.payload.NotifyPayload;
import org.jiked.wire.payload.Payload;
import org.jiked.wire.payload.TsPayload;

/**
 * {@code security ike session full-open incoming-exchange-max-rates} (RFC 8019 section 4.2,
 * "sends too many requests on an established SA"): how many IKE SA rekeys (per peer), CHILD_SA
 * rekeys (per tunnel) and liveness checks (per peer) a peer may start per minute. A rekey over
 * the limit is answered TEMPORARY_FAILURE (RFC 7296 section 2.25: try again later); a liveness
 * check over the limit is dropped unanswered, so the peer retransmits it and it is answered once
 * the minute turns, as Junos drops such keepalives. One limiter serves all the engines of a
 * gateway ({@link SharedState}): a peer's SAs may live in different engines.
 */
final class IncomingRateLimiter {
    /** What to do with an authenticated request on an established SA. */
    enum Verdict { PROCESS, TEMPORARY_FAILURE, DROP }

    static final long WINDOW_MILLIS = 60_000;

    private final SessionSettings.ExchangeRates limits;
    /**
     * Per peer address, so the count survives the peer's IKE SA rekeys (each makes a new SA).
     * Only peers heard from in the last minute have an entry: {@link #expire} drops the rest.
     */
    private final Map<java.net.InetAddress, Window> windows = new HashMap<>();

    IncomingRateLimiter(SessionSettings.ExchangeRates limits) {
        this.limits = limits;
    }

    /** Forgets the peers whose minute is over; called from the engine's tick. */
    synchronized void expire(long nowMillis) {
        windows.values().removeIf(w -> nowMillis - w.startMillis >= WINDOW_MILLIS);
    }

    /** A peer's counters for the current minute. */
    static final class Window {
        long startMillis;
        int ikeRekeys;
        int keepalives;
        Map<String, Integer> childRekeys;
    }

    synchronized Verdict judge(IkeSa sa, int exchangeType, List<Payload> request, long nowMillis) {
        if (limits.equals(SessionSettings.ExchangeRates.UNLIMITED) || sa.state != IkeSa.State.ESTABLISHED) {
            return Verdict.PROCESS;
        }
        Window w = windows.computeIfAbsent(sa.remote.getAddress(), k -> new Window());
        if (w.startMillis == 0) {
            w.startMillis = nowMillis;
        }
        if (nowMillis - w.startMillis >= WINDOW_MILLIS) {
            w.startMillis = nowMillis;
            w.ikeRekeys = 0;
            w.keepalives = 0;
            w.childRekeys = null;
        }
        if (exchangeType == ExchangeType.INFORMATIONAL && request.isEmpty()) {
            return limits.keepalive() > 0 && ++w.keepalives > limits.keepalive() ? Verdict.DROP : Verdict.PROCESS;
        }
        if (exchangeType != ExchangeType.CREATE_CHILD_SA) {
            return Verdict.PROCESS;
        }
        boolean hasTs = request.stream().anyMatch(p -> p instanceof TsPayload);
        if (!hasTs) {
            // an SA payload without traffic selectors rekeys the IKE SA (RFC 7296 section 1.3.2)
            return limits.ikeRekey() > 0 && ++w.ikeRekeys > limits.ikeRekey() ? Verdict.TEMPORARY_FAILURE
                    : Verdict.PROCESS;
        }
        if (limits.ipsecRekey() == 0) {
            return Verdict.PROCESS;
        }
        for (Payload p : request) {
            if (p instanceof NotifyPayload n && n.notifyType() == NotifyType.REKEY_SA && n.spi().length == 4) {
                if (w.childRekeys == null) {
                    w.childRekeys = new HashMap<>();
                }
                // per tunnel: counted by the VPN's name, not the SPI, which every rekey replaces;
                // REKEY_SA carries the sender's inbound SPI, our outbound one (RFC 7296 section 3.10)
                var child = sa.childByOutboundSpi(ByteBuffer.wrap(n.spi()).getInt());
                if (child == null) {
                    return Verdict.PROCESS; // refused by the exchange itself as CHILD_SA_NOT_FOUND
                }
                int count = w.childRekeys.merge(child.name(), 1, Integer::sum);
                return count > limits.ipsecRekey() ? Verdict.TEMPORARY_FAILURE : Verdict.PROCESS;
            }
        }
        return Verdict.PROCESS;
    }
}
