package org.jiked.ike;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The peers whose negotiation failed, for {@code show security ike peers failed} and the
 * IKE_GATEWAY_PEER_FAILED event. Both are bounded, because failures are what a flood produces:
 * the table keeps the last {@link #MAX_ENTRIES} failures (older ones fall out), and the event is
 * logged at most {@link #LOG_LINES_PER_SECOND} times a second, the rest summed up in one line.
 */
final class FailedPeers {
    static final int MAX_ENTRIES = 1_000;
    static final int LOG_LINES_PER_SECOND = 20;

    private final IkeEngine engine;
    private final ArrayDeque<FailedPeer> entries = new ArrayDeque<>();
    private boolean logWindowOpen;
    private long logWindowStartMillis;
    private int loggedInWindow;
    private int suppressedInWindow;

    FailedPeers(IkeEngine engine) {
        this.engine = engine;
    }

    /** The SA's negotiation failed: with the ID the peer presented, if it got that far. */
    void record(IkeSa sa, String phase, String reason, String detail) {
        Identity id = sa.peerIdentity != null ? sa.peerIdentity : sa.claimedIdentity;
        record(sa.remote, id, sa.peer.name(), sa.originalInitiator ? "initiator" : "responder", phase, reason,
                detail);
    }

    /** A failure, with or without an SA behind it (IKE_SA_INIT refused before one was created). */
    void record(InetSocketAddress remote, Identity id, String gateway, String role, String phase, String reason,
                String detail) {
        engine.stats.increment("peers-failed");
        String ikeId = id == null ? "" : id.toString();
        String address = remote.getAddress().getHostAddress();
        add(new FailedPeer(address, remote.getPort(), ikeId, gateway, role, phase, reason, detail,
                engine.ctx.wallClockMillis().getAsLong()));
        int verdict = mayLog(engine.now());
        if (verdict < 0) {
            engine.log("warning", null, "IKE_GATEWAY_PEER_FAILED: " + -verdict + " more failed negotiations not"
                    + " logged in the last second (show security ike peers failed lists the last " + MAX_ENTRIES + ")");
        }
        if (verdict != 0) {
            engine.log("warning", null, "IKE_GATEWAY_PEER_FAILED: peer " + address + ":" + remote.getPort()
                    + (ikeId.isEmpty() ? "" : " with ID " + ikeId) + ", gateway " + gateway + ", " + phase
                    + " failed (" + reason + "): " + detail);
        }
    }

    void add(FailedPeer failure) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.removeFirst();
        }
        entries.addLast(failure);
    }

    /** Newest first. */
    List<FailedPeer> snapshot() {
        List<FailedPeer> out = new ArrayList<>(entries);
        return out.reversed();
    }

    int clear() {
        int n = entries.size();
        entries.clear();
        return n;
    }

    /**
     * Whether one more event may be logged now. A new one-second window first reports how many
     * events the previous window left out: {@code -n} when {@code n} were suppressed (then the
     * caller logs that summary and this event), 1 to log it, 0 to drop it.
     */
    int mayLog(long nowMillis) {
        if (!logWindowOpen || nowMillis - logWindowStartMillis >= 1_000) {
            logWindowOpen = true;
            int suppressed = suppressedInWindow;
            logWindowStartMillis = nowMillis;
            loggedInWindow = 1;
            suppressedInWindow = 0;
            return suppressed > 0 ? -suppressed : 1;
        }
        if (loggedInWindow < LOG_LINES_PER_SECOND) {
            loggedInWindow++;
            return 1;
        }
        suppressedInWindow++;
        return 0;
    }
}
