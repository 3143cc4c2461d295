package org.jiked.config;

import org.jiked.config.model.Retransmission;
import org.jiked.config.parse.ConfigNode;

/**
 * Builds {@code security ike retransmission} and each gateway's override of it. A gateway takes
 * what it leaves out from the global statement, which takes what it leaves out from the defaults;
 * the max interval must not be below the initial one wherever the two meet, and the error points
 * at the statement that brought them together.
 */
final class RetransmissionModelBuilder {
    private final BuildContext ctx;
    private Retransmission global = Retransmission.DEFAULT;
    private String globalSource = "the default";

    RetransmissionModelBuilder(BuildContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Reads {@code security ike retransmission} (absent: the defaults). Values that do not fit are
     * reported here and still inherited, so a gateway's own statement is checked against them too.
     */
    void global(ConfigNode n) {
        if (n == null) {
            return;
        }
        global = values(n, Retransmission.DEFAULT);
        check(n, global, "the default");
        globalSource = "security ike retransmission";
    }

    /** A gateway's {@code retransmission} ({@code n} may be null) over the global one; null after an error. */
    Retransmission gateway(ConfigNode n) {
        if (n == null) {
            return global.maxInterval() >= global.initialInterval() ? global : null;
        }
        Retransmission r = values(n, global);
        return check(n, r, globalSource) ? r : null;
    }

    private Retransmission values(ConfigNode n, Retransmission inherited) {
        return new Retransmission((int) ctx.number(n, "count", inherited.count()),
                (int) ctx.number(n, "initial-interval", inherited.initialInterval()),
                (int) ctx.number(n, "max-interval", inherited.maxInterval()));
    }

    private boolean check(ConfigNode n, Retransmission r, String inheritedFrom) {
        int initial = r.initialInterval();
        int max = r.maxInterval();
        if (max >= initial) {
            return true;
        }
        // point at whichever of the two this statement sets; the other one may be inherited
        ConfigNode maxNode = n.child("max-interval");
        if (maxNode != null) {
            ctx.error(maxNode, "max-interval " + max + " is below initial-interval " + initial
                    + (n.child("initial-interval") == null ? " (from " + inheritedFrom + ")" : "")
                    + ": the interval starts there and only grows");
        } else {
            ctx.error(n.child("initial-interval"), "initial-interval " + initial + " is above max-interval " + max
                    + " (from " + inheritedFrom + "): the interval starts there and only grows");
        }
        return false;
    }
}
