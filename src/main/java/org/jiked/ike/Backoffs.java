package org.jiked.ike;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Peers in backoff ({@code backoff-timeouts init-phase-failure | auth-phase-failure}): after a
 * failed negotiation their address is ignored for a while. The table is bounded: when full, a new
 * backoff is not recorded rather than letting an attacker with many addresses grow it. One table
 * serves all the engines of a gateway ({@link SharedState}), hence the locks.
 */
final class Backoffs {
    static final int MAX_ENTRIES = 65_536;

    /** Why and until when an address is backed off. */
    record Entry(String phase, long untilMillis) {}

    private final Map<InetAddress, Entry> entries = new HashMap<>();

    synchronized boolean isBackedOff(InetAddress address, long nowMillis) {
        Entry e = entries.get(address);
        if (e == null) {
            return false;
        }
        if (nowMillis >= e.untilMillis) {
            entries.remove(address);
            return false;
        }
        return true;
    }

    /** @return whether the backoff was recorded */
    synchronized boolean backOff(InetAddress address, String phase, long durationMillis, long nowMillis) {
        if (durationMillis <= 0 || (entries.size() >= MAX_ENTRIES && !entries.containsKey(address))) {
            return false;
        }
        entries.put(address, new Entry(phase, nowMillis + durationMillis));
        return true;
    }

    synchronized void expire(long nowMillis) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            if (nowMillis >= it.next().untilMillis) {
                it.remove();
            }
        }
    }

    synchronized Map<InetAddress, Entry> snapshot() {
        return Map.copyOf(entries);
    }

    synchronized int clear() {
        int n = entries.size();
        entries.clear();
        return n;
    }
}
