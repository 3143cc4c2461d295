package org.jiked.ike;

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

    private final ArrayDeque<FailedPeer> entries = new ArrayDeque<>();
    private boolean logWindowOpen;
    private long logWindowStartMillis;
    private int loggedInWindow;
    private int suppressedInWindow;

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
