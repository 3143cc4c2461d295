package org.jiked.ike;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The responder's half-open SAs (RFC 8019 section 4 and {@code security ike session half-open}):
 * how many there are, in total and per peer address, when each expires, and whether a new
 * IKE_SA_INIT request may create one. {@link #admit} runs before the responder looks up a gateway
 * or computes anything expensive, so a refused request costs a lookup and at most one HMAC.
 */
final class HalfOpenGuard {
    /** What to do with a new IKE_SA_INIT request. */
    enum Admission {
        ACCEPT,
        /** The address is in backoff after a failure: drop. */
        BACKOFF,
        /** {@code max-count} half-open SAs exist: drop. */
        MAX_COUNT,
        /** {@code discard-duplicate}: the address already has a half-open SA: drop. */
        DUPLICATE,
        /** Past {@code send-cookie}: answer with a COOKIE only, keep nothing. */
        COOKIE_REQUIRED
    }

    private final SessionSettings settings;
    final CookieSecrets cookies;
    final Backoffs backoffs = new Backoffs();
    private int count;
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();
    private final PriorityQueue<IkeSa> deadlines =
            new PriorityQueue<>(Comparator.comparingLong((IkeSa sa) -> sa.halfOpenDeadlineMillis));

    HalfOpenGuard(SessionSettings settings, CookieSecrets cookies) {
        this.settings = settings;
        this.cookies = cookies;
    }

    SessionSettings settings() {
        return settings;
    }

    int count() {
        return count;
    }

    /**
     * Decides on a request from {@code ipi} with nonce {@code ni}; {@code cookie} is the COOKIE
     * notify data it carried, or null.
     */
    Admission admit(InetAddress ipi, long spiI, byte[] ni, byte[] cookie, long nowMillis) {
        if (backoffs.isBackedOff(ipi, nowMillis)) {
            return Admission.BACKOFF;
        }
        if (count >= settings.maxCount()) {
            return Admission.MAX_COUNT;
        }
        if (settings.discardDuplicate() && perAddress.containsKey(ipi)) {
            return Admission.DUPLICATE;
        }
        int threshold = settings.sendCookieThreshold();
        if (threshold > 0 && count >= threshold && !cookies.isValid(cookie, ni, ipi, spiI, nowMillis)) {
            return Admission.COOKIE_REQUIRED;
        }
        return Admission.ACCEPT;
    }

    /** A new half-open SA; past {@code reduce-timeout} it gets the shorter timeout. */
    void enter(IkeSa sa, long nowMillis) {
        int reduceAt = settings.reduceTimeoutThreshold();
        long timeout = reduceAt > 0 && count >= reduceAt ? settings.reducedTimeoutMillis()
                : settings.halfOpenTimeoutMillis();
        sa.halfOpen = true;
        sa.halfOpenAddress = sa.remote.getAddress();
        sa.halfOpenDeadlineMillis = nowMillis + timeout;
        count++;
        perAddress.merge(sa.halfOpenAddress, 1, Integer::sum);
        deadlines.add(sa);
    }

    /** The SA is no longer half-open (authenticated, failed or gone). */
    void leave(IkeSa sa) {
        if (!sa.halfOpen) {
            return;
        }
        sa.halfOpen = false;
        count--;
        perAddress.computeIfPresent(sa.halfOpenAddress, (k, n) -> n == 1 ? null : n - 1);
        // the queue entry stays until it comes due and is skipped: removal from the middle is O(n)
    }

    /** The half-open SAs whose time is up, oldest first; they are left for the caller to destroy. */
    List<IkeSa> expired(long nowMillis) {
        List<IkeSa> out = new ArrayList<>();
        while (!deadlines.isEmpty() && deadlines.peek().halfOpenDeadlineMillis <= nowMillis) {
            IkeSa sa = deadlines.poll();
            if (sa.halfOpen) {
                out.add(sa);
            }
        }
        return out;
    }
}
