package org.jiked.ike;

import java.util.ArrayList;
import org.jiked.child.ChildSa;

/**
 * Time-based lifetimes (Junos {@code lifetime-seconds}). IKEv2 does not negotiate lifetimes:
 * each side rekeys before its own lifetime ends, so the shorter one wins. The rekey starts at a
 * soft deadline of 90 % of the lifetime less up to 5 % of jitter, so that two peers with the
 * same lifetime rarely start at the same moment; at the hard lifetime an SA that could not be
 * rekeyed is deleted.
 */
final class Lifetimes {
    private Lifetimes() {}

    static long softDeadline(IkeEngine engine, long startMillis, long lifetimeSeconds) {
        long lifetime = lifetimeSeconds * 1000;
        long jitter = lifetime / 20 == 0 ? 0 : Math.floorMod(engine.ctx.random().nextLong(), lifetime / 20);
        return startMillis + lifetime * 9 / 10 - jitter;
    }

    static void check(IkeEngine engine, IkeSa sa, long now) {
        if (sa.peer.ikeLifetimeSeconds() > 0) {
            if (now >= sa.expiresMillis) {
                engine.log("warning", sa, "IKE SA reached its hard lifetime without a rekey, deleting");
                engine.deleteIkeSa(sa);
                return;
            }
            if (!sa.rekeyPending && sa.rekeyAtMillis > 0 && now >= sa.rekeyAtMillis) {
                sa.rekeyPending = true;
                engine.log("info", sa, "IKE SA reached its soft lifetime, rekeying");
                engine.channel.queue(sa, new IkeRekey.Initiator());
            }
        }
        for (ChildSa c : new ArrayList<>(sa.children)) {
            if (c.lifetimeSeconds() <= 0 || c.state() == ChildSa.State.DELETED) {
                continue;
            }
            long age = now - c.createdMillis();
            if (age >= c.lifetimeSeconds() * 1000) {
                if (c.state() != ChildSa.State.DELETING) {
                    engine.log("warning", sa, "CHILD_SA " + c + " reached its hard lifetime, deleting");
                    c.state(ChildSa.State.DELETING);
                    engine.channel.queue(sa, Informational.deleteChild(c));
                }
            } else if (c.state() == ChildSa.State.INSTALLED && now >= c.rekeyAtMillis()) {
                ChildConfig config = sa.peer.child(c.name());
                if (config != null) {
                    c.state(ChildSa.State.REKEYING);
                    engine.log("info", sa, "CHILD_SA " + c + " reached its soft lifetime, rekeying");
                    engine.channel.queue(sa, new CreateChildExchange(config, c));
                }
            }
        }
    }
}
