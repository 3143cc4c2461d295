package org.jiked.config;

import org.jiked.config.model.Defaults;
import org.jiked.config.model.IkeSession;
import org.jiked.config.parse.ConfigNode;

/**
 * Builds and checks {@code [edit security ike session]}. As on Junos, configuring
 * {@code max-count} turns off the default thresholds: only those written next to it apply.
 */
final class SessionModelBuilder {
    private final BuildContext ctx;

    SessionModelBuilder(BuildContext ctx) {
        this.ctx = ctx;
    }

    IkeSession build(ConfigNode session) {
        ConfigNode halfOpen = session == null ? null : session.child("half-open");
        IkeSession s = halfOpen == null ? IkeSession.DEFAULT : halfOpen(halfOpen);
        ConfigNode rates = session == null ? null : session.child("full-open");
        rates = rates == null ? null : rates.child("incoming-exchange-max-rates");
        if (s == null || rates == null) {
            return s;
        }
        return new IkeSession(s.halfOpenTimeout(), s.maxCount(), s.sendCookie(), s.reduceTimeout(), s.reducedTimeout(),
                s.discardDuplicate(), s.initPhaseFailureBackoff(), s.authPhaseFailureBackoff(),
                (int) ctx.number(rates, "ike-rekey", 0), (int) ctx.number(rates, "ipsec-rekey", 0),
                (int) ctx.number(rates, "keepalive", 0));
    }

    private IkeSession halfOpen(ConfigNode halfOpen) {
        int timeout = (int) ctx.number(halfOpen, "timeout", Defaults.HALF_OPEN_TIMEOUT);
        boolean maxCountSet = halfOpen.child("max-count") != null;
        int maxCount = (int) ctx.number(halfOpen, "max-count", Defaults.HALF_OPEN_MAX_COUNT);
        ConfigNode threshold = halfOpen.child("threshold");
        int sendCookie = maxCountSet ? 0 : IkeSession.DEFAULT.sendCookie();
        int reduceAt = 0;
        int reducedTimeout = 0;
        boolean ok = true;
        if (threshold != null) {
            sendCookie = (int) ctx.number(threshold, "send-cookie", sendCookie);
            var reduce = threshold.children("reduce-timeout");
            if (reduce.size() > 1) {
                ctx.error(reduce.get(1), "only one reduce-timeout threshold may be set");
                ok = false;
            } else if (reduce.size() == 1) {
                reduceAt = Integer.parseInt(reduce.getFirst().name());
                String t = reduce.getFirst().childValue("timeout");
                if (t == null) {
                    ctx.error(reduce.getFirst(), "missing 'timeout': reduce-timeout needs the shorter timeout in seconds");
                    ok = false;
                } else {
                    reducedTimeout = Integer.parseInt(t);
                    if (reducedTimeout >= timeout) {
                        ctx.error(reduce.getFirst(), "the reduced timeout " + reducedTimeout
                                + " must be shorter than the half-open timeout " + timeout);
                        ok = false;
                    }
                }
            }
            ok &= below(threshold.child("send-cookie"), "send-cookie", sendCookie, maxCount);
            if (reduce.size() == 1) {
                ok &= below(reduce.getFirst(), "reduce-timeout", reduceAt, maxCount);
            }
        }
        ConfigNode backoff = halfOpen.child("backoff-timeouts");
        int init = backoff == null ? 0 : (int) ctx.number(backoff, "init-phase-failure", 0);
        int auth = backoff == null ? 0 : (int) ctx.number(backoff, "auth-phase-failure", 0);
        return ok ? new IkeSession(timeout, maxCount, sendCookie, reduceAt, reducedTimeout,
                halfOpen.child("discard-duplicate") != null, init, auth, 0, 0, 0) : null;
    }

    /** A threshold at or above max-count would never act: refused rather than silently idle. */
    private boolean below(ConfigNode node, String what, int value, int maxCount) {
        if (node != null && value >= maxCount) {
            ctx.error(node, what + " threshold " + value + " must be below max-count " + maxCount
                    + " (at max-count new IKE_SA_INIT requests are dropped anyway)");
            return false;
        }
        return true;
    }
}
