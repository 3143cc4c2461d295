package org.jiked.ike;

import java.util.ArrayList;
import org.jiked.child.ChildSa;

/**
 * Lifetimes by time (Junos {@code lifetime-seconds}) and, for CHILD_SAs, by volume
 * ({@code lifetime-kilobytes}, counted by the data plane in both directions). IKEv2 does not
 * negotiate lifetimes: each side rekeys before its own lifetime ends, so the shorter one wins.
 * The rekey starts at a soft deadline, 90 % of the lifetime (less up to 5 % of jitter for time,
 * so that two peers with the same lifetime rarely start at the same moment); make-before-break,
 * the old SA stays until the new one is in. At the hard lifetime an SA that could not be rekeyed
 * is deleted.
 *
 * <p>A small volume can pass from 90 % to 100 % between two looks at the counters (64 KB, the
 * Junos minimum, at 30 KB/s goes from soft to hard in a fifth of a second), so the volume rekey
 * also starts when the traffic of {@link #VOLUME_LOOKAHEAD_MILLIS} at the rate seen so far would
 * reach the hard volume, and the engine looks at the counters when the rate says that point comes.
 *
 * <p>Sequence numbers are a lifetime too: without ESN the outbound counter must not cycle past
 * 2^32 - 1 (RFC 4303 section 3.3.3), so a CHILD_SA that has sent {@link #SEQUENCE_SOFT_LIMIT}
 * packets is rekeyed like one at its soft volume. Its sequence number is its packet count, as the
 * data plane takes one number per packet it sends.
 */
final class Lifetimes {
    /**
     * 2^28 packets short of the last sequence number without ESN: time for the rekey to finish even
     * at a million packets a second, since an idle SA's counters are looked at once a minute.
     */
    static final long SEQUENCE_SOFT_LIMIT = 0xffffffffL - (1L << 28);

    /**
     * A CHILD_SA is rekeyed at least this long (of traffic at its rate so far) before its hard
     * volume: time for the engine to notice and for the CREATE_CHILD_SA exchange to finish.
     */
    static final long VOLUME_LOOKAHEAD_MILLIS = 1_000;

    private Lifetimes() {}

    /**
     * The octet count at which a CHILD_SA is rekeyed by volume: 90 % of {@code lifetime-kilobytes},
     * or less when its traffic so far runs at a rate that would cover the rest within the lookahead.
     */
    static long softVolume(ChildSa c, long now) {
        long volume = c.lifetimeKilobytes() * 1024;
        long soft = volume / 10 * 9;
        double rate = rate(c, now);
        return rate > 0 ? Math.min(soft, volume - (long) (rate * VOLUME_LOOKAHEAD_MILLIS)) : soft;
    }

    /**
     * When an installed CHILD_SA with a volume lifetime reaches its soft volume at the rate seen
     * so far: {@code now} if it has, {@link Long#MAX_VALUE} without a volume lifetime or traffic.
     */
    static long softVolumeDue(ChildSa c, long now) {
        if (c.lifetimeKilobytes() <= 0) {
            return Long.MAX_VALUE;
        }
        long left = softVolume(c, now) - bytes(c);
        double rate = rate(c, now);
        if (left <= 0) {
            return now;
        }
        return rate > 0 ? now + (long) Math.ceil(left / rate) : Long.MAX_VALUE;
    }

    private static long bytes(ChildSa c) {
        return c.inboundBytes.get() + c.outboundBytes.get();
    }

    /** Octets per millisecond since the CHILD_SA was created, both directions. */
    private static double rate(ChildSa c, long now) {
        long age = now - c.createdMillis();
        return age > 0 ? (double) bytes(c) / age : 0;
    }

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
            if (!sa.rekeyPending && sa.rekeyAtMillis > 0 && now >= sa.rekeyAtMillis && !sa.peer.neverRekeys()) {
                sa.rekeyPending = true;
                int frequency = sa.peer.reauthFrequency();
                if (frequency > 0 && sa.rekeyCount >= frequency && sa.originalInitiator) {
                    engine.log("info", sa, "IKE SA reached its soft lifetime after " + sa.rekeyCount
                            + " rekeys, reauthenticating");
                    engine.reauthenticate(sa);
                } else {
                    engine.log("info", sa, "IKE SA reached its soft lifetime, rekeying");
                    engine.channel.queue(sa, new IkeRekey.Initiator());
                }
            }
        }
        for (ChildSa c : new ArrayList<>(sa.children)) {
            if (c.state() == ChildSa.State.DELETED) {
                continue;
            }
            long bytes = bytes(c);
            long volume = c.lifetimeKilobytes() * 1024;
            boolean hardTime = c.lifetimeSeconds() > 0 && now - c.createdMillis() >= c.lifetimeSeconds() * 1000;
            boolean hardVolume = volume > 0 && bytes >= volume;
            if (hardTime || hardVolume) {
                if (c.state() != ChildSa.State.DELETING) {
                    engine.log("warning", sa, "CHILD_SA " + c + " reached its hard " + (hardTime ? "lifetime" : "volume")
                            + " without a rekey, deleting");
                    c.state(ChildSa.State.DELETING);
                    engine.channel.queue(sa, Informational.deleteChild(c));
                }
                continue;
            }
            boolean softTime = now >= c.rekeyAtMillis();
            boolean softVolume = volume > 0 && bytes >= softVolume(c, now);
            boolean softSequence = !c.esn() && c.outboundPackets.get() >= engine.sequenceSoftLimit;
            ChildConfig config = sa.peer.child(c.name());
            if (c.state() == ChildSa.State.INSTALLED && (softTime || softVolume || softSequence) && config != null
                    && config.startAction() != ChildConfig.StartAction.RESPONDER_ONLY_NO_REKEY) {
                c.state(ChildSa.State.REKEYING);
                engine.log("info", sa, "CHILD_SA " + c + " reached its soft "
                        + (softTime ? "lifetime" : softVolume ? "volume" : "sequence number limit") + ", rekeying");
                engine.channel.queue(sa, new CreateChildExchange(config, c));
            }
        }
    }
}
