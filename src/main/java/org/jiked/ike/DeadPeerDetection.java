package org.jiked.ike;

import org.jiked.child.ChildSa;

/**
 * Decides when an established IKE SA gets a liveness check (Junos {@code dead-peer-detection}).
 * Traffic is judged from the CHILD_SAs' packet counters and the last IKE message received; a
 * check is sent only when no other request is in flight, since any answered request proves the
 * peer alive just as well.
 */
final class DeadPeerDetection {
    private DeadPeerDetection() {}

    static void check(IkeEngine engine, IkeSa sa, long now) {
        DpdSettings dpd = sa.peer.dpd();
        if (dpd.mode() == DpdSettings.Mode.OFF || now - sa.dpdCheckedMillis < dpd.intervalMillis()) {
            return;
        }
        long in = 0;
        long out = 0;
        for (ChildSa c : sa.children) {
            in += c.inboundPackets.get();
            out += c.outboundPackets.get();
        }
        boolean received = in != sa.dpdInboundPackets || now - sa.lastInboundMillis < dpd.intervalMillis();
        boolean sent = out != sa.dpdOutboundPackets;
        sa.dpdInboundPackets = in;
        sa.dpdOutboundPackets = out;
        sa.dpdCheckedMillis = now;
        boolean probe = switch (dpd.mode()) {
            case OPTIMIZED -> sent && !received;
            case PROBE_IDLE_TUNNEL -> !sent && !received;
            case ALWAYS_SEND -> true;
            case OFF -> false;
        };
        if (probe && sa.outstanding == null && sa.queued.isEmpty()) {
            engine.stats.increment("dpd-checks-sent");
            engine.channel.queue(sa, Informational.liveness(dpd));
        }
    }
}
