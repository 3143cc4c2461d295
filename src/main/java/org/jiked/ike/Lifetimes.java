package org.jiked.ike;

import java.util.ArrayList;
import org.jiked.child.ChildSa;

/**
 * Lifetimes of CHILD_SAs, by time (Junos {@code lifetime-seconds}) and by volume
 * ({@code lifetime-kilobytes}, counted by the data plane in both directions): when one runs out,
 * the CHILD_SA is rekeyed by CREATE_CHILD_SA, make-before-break. Only the side that reaches the
 * end first acts; the other answers its rekey.
 */
final class Lifetimes {
    private Lifetimes() {}

    static void check(IkeEngine engine, IkeSa sa, long now) {
        for (ChildSa c : new ArrayList<>(sa.children)) {
            if (c.state() != ChildSa.State.INSTALLED) {
                continue;
            }
            boolean time = c.lifetimeSeconds() > 0 && now - c.createdMillis() >= c.lifetimeSeconds() * 1000;
            boolean volume = c.lifetimeKilobytes() > 0
                    && c.inboundBytes.get() + c.outboundBytes.get() >= c.lifetimeKilobytes() * 1024;
            if (time || volume) {
                ChildConfig config = sa.peer.child(c.name());
                if (config == null) {
                    c.state(ChildSa.State.DELETING);
                    engine.channel.queue(sa, Informational.deleteChild(c));
                } else {
                    c.state(ChildSa.State.REKEYING);
                    engine.log("info", sa, "CHILD_SA " + c + " reached its " + (time ? "lifetime" : "volume lifetime")
                            + ", rekeying");
                    engine.channel.queue(sa, new CreateChildExchange(config, c));
                }
            }
        }
    }
}
