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

    /**
     * The half-open count, in total and per address, of all the engines of a gateway
     * ({@link SharedState}). An admitted request takes its slot at once, before its key exchange,
     * so engines admitting at the same moment cannot together pass {@code max-count}.
     */
    static final class Counts {
        private int count;
        private final Map<InetAddress, Integer> perAddress = new HashMap<>();

        synchronized int count() {
            return count;
        }

        synchronized boolean has(InetAddress address) {
            return perAddress.containsKey(address);
        }

        /** Takes a slot for {@code address}, unless max-count or discard-duplicate refuses it. */
        synchronized Admission reserve(InetAddress address, int maxCount, boolean discardDuplicate) {
            if (count >= maxCount) {
                return Admission.MAX_COUNT;
            }
            if (discardDuplicate && perAddress.containsKey(address)) {
                return Admission.DUPLICATE;
            }
            count++;
            perAddress.merge(address, 1, Integer::sum);
            return Admission.ACCEPT;
        }

        synchronized void release(InetAddress address) {
            count--;
            perAddress.computeIfPresent(address, (k, n) -> n == 1 ? null : n - 1);
        }
    }

    private final SessionSettings settings;
    final CookieSecrets cookies;
    final Backoffs backoffs;
    private final Counts counts;
    /** The address of the request admitted last whose SA is not made yet: it holds a slot. */
    private InetAddress reserved;
    /** This engine's own half-open SAs, by deadline. */
    private final PriorityQueue<IkeSa> deadlines =
            new PriorityQueue<>(Comparator.comparingLong((IkeSa sa) -> sa.halfOpenDeadlineMillis));

    HalfOpenGuard(SharedState shared) {
        this.settings = shared.session;
        this.cookies = shared.cookies;
        this.backoffs = shared.backoffs;
        this.counts = shared.halfOpen;
    }

    SessionSettings settings() {
        return settings;
    }

    int count() {
        return counts.count();
    }

    /**
     * Decides on a request from {@code ipi} with nonce {@code ni}; {@code cookie} is the COOKIE
     * notify data it carried, or null.
     */
    Admission admit(InetAddress ipi, long spiI, byte[] ni, byte[] cookie, long nowMillis) {
        settle();
        if (backoffs.isBackedOff(ipi, nowMillis)) {
            return Admission.BACKOFF;
        }
        int count = counts.count();
        if (count >= settings.maxCount()) {
            return Admission.MAX_COUNT;
        }
        if (settings.discardDuplicate() && counts.has(ipi)) {
            return Admission.DUPLICATE;
        }
        int threshold = settings.sendCookieThreshold();
        if (threshold > 0 && count >= threshold && !cookies.isValid(cookie, ni, ipi, spiI, nowMillis)) {
            return Admission.COOKIE_REQUIRED;
        }
        // checked again as the slot is taken: another engine may have taken the last one meanwhile
        Admission a = counts.reserve(ipi, settings.maxCount(), settings.discardDuplicate());
        if (a == Admission.ACCEPT) {
            reserved = ipi;
        }
        return a;
    }

    /** Gives back the slot of an admitted request that made no SA (no gateway, no proposal, bad KE). */
    void settle() {
        if (reserved != null) {
            counts.release(reserved);
            reserved = null;
        }
    }

    /** A new half-open SA, in the slot its request took; past {@code reduce-timeout} it gets the shorter timeout. */
    void enter(IkeSa sa, long nowMillis) {
        sa.halfOpenAddress = sa.remote.getAddress();
        if (sa.halfOpenAddress.equals(reserved)) {
            reserved = null;
        } else {
            counts.reserve(sa.halfOpenAddress, Integer.MAX_VALUE, false);
        }
        int reduceAt = settings.reduceTimeoutThreshold();
        // the count includes this SA: the ones before it decide
        long timeout = reduceAt > 0 && counts.count() - 1 >= reduceAt ? settings.reducedTimeoutMillis()
                : settings.halfOpenTimeoutMillis();
        sa.halfOpen = true;
        sa.halfOpenDeadlineMillis = nowMillis + timeout;
        deadlines.add(sa);
    }

    /** The SA is no longer half-open (authenticated, failed or gone). */
    void leave(IkeSa sa) {
        if (!sa.halfOpen) {
            return;
        }
        sa.halfOpen = false;
        counts.release(sa.halfOpenAddress);
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
