package org.jiked.ike;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jiked.child.ChildSa;
import org.jiked.crypto.IkeSaKeys;
import org.jiked.crypto.InvalidPeerKeyException;
import org.jiked.crypto.KeyExchange;
import org.jiked.crypto.KeyExchanges;
import org.jiked.crypto.Prf;
import org.jiked.crypto.SkCiphers;
import org.jiked.wire.ExchangeType;
import org.jiked.wire.NotifyType;
import org.jiked.wire.ProtocolId;
import org.jiked.wire.payload.KePayload;
import org.jiked.wire.payload.NoncePayload;
import org.jiked.wire.payload.Payload;
import org.jiked.wire.payload.SaPayload;

/**
 * IKE SA rekey by CREATE_CHILD_SA (RFC 7296 sections 1.3.2 and 2.18). The side that starts the
 * rekey becomes the original initiator of the new IKE SA; the CHILD_SAs move over to it, the new
 * SA's message IDs start at zero, and the rekey initiator then deletes the old IKE SA.
 */
final class IkeRekey {
    private IkeRekey() {}

    /** The initiator's half, started when the IKE SA's lifetime runs out. */
    static final class Initiator implements Exchange {
        private long newSpiI;
        private byte[] ni;
        private KeyExchange keyExchange;
        private int group;
        private boolean retried;

        @Override
        public int exchangeType() {
            return ExchangeType.CREATE_CHILD_SA;
        }

        @Override
        public String describe() {
            return "IKE SA rekey";
        }

        @Override
        public List<Payload> buildRequest(IkeSa sa) {
            if (!sa.isEstablished()) {
                return null;
            }
            IkeEngine engine = sa.engine();
            if (group == 0) {
                group = sa.proposal.dhGroup();
            }
            newSpiI = engine.newIkeSpi();
            ni = IkeSaInit.nonce(engine);
            keyExchange = KeyExchanges.generate(group, engine.ctx.random());
            List<SaPayload.Proposal> proposals = new ArrayList<>();
            int n = 1;
            for (IkeProposalSpec spec : sa.peer.ikeProposals()) {
                proposals.add(spec.toProposal(n++, longBytes(newSpiI)));
            }
            return List.of(new SaPayload(proposals), new NoncePayload(ni), new KePayload(group,
                    keyExchange.publicValue()));
        }

        @Override
        public void processResponse(IkeSa sa, List<Payload> response) throws IkeProtocolException {
            IkeEngine engine = sa.engine();
            var invalidKe = Payloads.notify(response, NotifyType.INVALID_KE_PAYLOAD);
            if (invalidKe.isPresent() && !retried) {
                byte[] d = invalidKe.get().data();
                int wanted = d.length == 2 ? ((d[0] & 0xff) << 8) | (d[1] & 0xff) : -1;
                if (sa.peer.ikeProposals().stream().anyMatch(p -> p.dhGroup() == wanted)) {
                    retried = true;
                    group = wanted;
                    engine.channel.queue(sa, this);
                    return;
                }
            }
            var err = ChildNegotiation.childError(response);
            if (err != null) {
                engine.log("warning", sa, "IKE SA rekey refused by peer: " + err.name());
                sa.rekeyPending = false;
                // RFC 7296 section 2.25: after TEMPORARY_FAILURE (both peers rekeying at once) retry
                // at a random moment, so the two attempts do not meet again
                sa.rekeyAtMillis = engine.now() + 1000 + Math.floorMod(engine.ctx.random().nextInt(), 4000);
                return;
            }
            SaPayload saPayload = Payloads.require(response, SaPayload.class, "SA", false);
            IkeProposalSpec spec = ProposalSelector.acceptedIke(saPayload, sa.peer.ikeProposals());
            byte[] spiR = saPayload.proposals().getFirst().spi();
            byte[] nr = Payloads.require(response, NoncePayload.class, "Nr", false).nonce();
            KePayload ke = Payloads.require(response, KePayload.class, "KEr", false);
            if (spiR.length != 8 || ke.dhGroup() != group || spec.dhGroup() != group) {
                throw new IkeProtocolException(NotifyType.INVALID_SYNTAX, "malformed IKE SA rekey response", false);
            }
            byte[] shared;
            try {
                shared = keyExchange.sharedSecret(ke.keyData());
            } catch (InvalidPeerKeyException e) {
                throw new IkeProtocolException(NotifyType.INVALID_SYNTAX, "invalid KEr: " + e.getMessage(), false);
            }
            IkeSa next = successor(engine, sa, true, spec, newSpiI, readLong(spiR), ni, nr, shared);
            engine.register(next);
            engine.stats.increment("ike-sa-rekeyed");
            Collision collision = sa.ikeRekeyCollision;
            if (collision != null && collision.oursIsRedundant(ni, nr)) {
                // RFC 7296 section 2.8.2: our new SA has the lowest nonce, so it goes; the peer's
                // new SA takes the CHILD_SAs and the peer deletes the old one
                engine.log("info", next, "simultaneous IKE SA rekey: closing our redundant IKE SA, #"
                        + collision.peersNewSa().index + " takes over");
                engine.stats.increment("ike-rekey-collisions");
                moveChildren(sa, collision.peersNewSa());
                sa.state = IkeSa.State.DELETING;
                engine.channel.queue(next, Informational.deleteIke());
                return;
            }
            if (collision != null) {
                engine.log("info", next, "simultaneous IKE SA rekey: the peer closes its redundant IKE SA #"
                        + collision.peersNewSa().index);
                engine.stats.increment("ike-rekey-collisions");
            }
            engine.stats.increment("ike-sa-rekeys-initiated");
            engine.log("info", next, "IKE SA rekeyed (old #" + sa.index + "), " + spec);
            moveChildren(sa, next);
            sa.state = IkeSa.State.DELETING;
            engine.channel.queue(sa, Informational.deleteIke());
        }
    }

    /**
     * A simultaneous IKE SA rekey seen from the responder side: the IKE SA the peer created and the
     * nonces of its exchange. Settled like a CHILD_SA collision: of the two new SAs, the one with the
     * lowest of the four nonces is redundant and deleted by the side that created it.
     */
    record Collision(IkeSa peersNewSa, byte[] peersNi, byte[] ourNr) {
        boolean oursIsRedundant(byte[] ourNi, byte[] peersNr) {
            return new RekeyCollision(null, peersNi, ourNr).oursIsRedundant(ourNi, peersNr);
        }
    }

    /** The responder's half: an SA payload of protocol IKE and no traffic selectors. */
    static List<Payload> processRequest(IkeEngine engine, IkeSa sa, List<Payload> request) throws IkeProtocolException {
        SaPayload saPayload = Payloads.require(request, SaPayload.class, "SA", false);
        byte[] ni = Payloads.require(request, NoncePayload.class, "Ni", false).nonce();
        KePayload ke = Payloads.require(request, KePayload.class, "KEi", false);
        if (sa.ikeRekeyCollision != null) {
            throw new IkeProtocolException(NotifyType.TEMPORARY_FAILURE, "IKE SA rekey already in progress", false);
        }
        if (sa.queued.removeIf(x -> x instanceof Initiator)) {
            // our own rekey was not sent yet: the peer's does the job
            sa.rekeyPending = false;
        }
        ProposalSelector.IkeChoice choice = ProposalSelector.selectIke(saPayload, sa.peer.ikeProposals(),
                ke.dhGroup());
        SaPayload.Proposal chosen = saPayload.proposals().stream()
                .filter(p -> p.number() == choice.proposalNumber()).findFirst().orElseThrow();
        if (chosen.spi().length != 8) {
            throw new IkeProtocolException(NotifyType.INVALID_SYNTAX, "IKE SA rekey proposal without an 8-octet SPI",
                    false);
        }
        IkeProposalSpec spec = choice.spec();
        KeyExchange ours = KeyExchanges.generate(spec.dhGroup(), engine.ctx.random());
        byte[] shared;
        try {
            shared = ours.sharedSecret(ke.keyData());
        } catch (InvalidPeerKeyException e) {
            throw new IkeProtocolException(NotifyType.INVALID_SYNTAX, "invalid KEi: " + e.getMessage(), false);
        }
        long spiR = engine.newIkeSpi();
        byte[] nr = IkeSaInit.nonce(engine);
        IkeSa next = successor(engine, sa, false, spec, readLong(chosen.spi()), spiR, ni, nr, shared);
        engine.register(next);
        engine.log("info", next, "IKE SA rekeyed by peer (old #" + sa.index + "), " + spec);
        engine.stats.increment("ike-sa-rekeyed");
        if (sa.rekeyPending && sa.outstanding != null && sa.outstanding.exchange instanceof Initiator) {
            // we are rekeying too (RFC 7296 section 2.8.2): our own exchange settles which new SA stays
            sa.ikeRekeyCollision = new Collision(next, ni, nr);
        } else {
            moveChildren(sa, next);
            sa.state = IkeSa.State.DELETING;
        }
        return List.of(new SaPayload(List.of(spec.toProposal(choice.proposalNumber(), longBytes(spiR)))),
                new NoncePayload(nr), new KePayload(spec.dhGroup(), ours.publicValue()));
    }

    /** The new IKE SA, keyed from the old one's SK_d (RFC 7296 section 2.18). */
    private static IkeSa successor(IkeEngine engine, IkeSa old, boolean weInitiated, IkeProposalSpec spec, long spiI,
                                   long spiR, byte[] ni, byte[] nr, byte[] shared) {
        IkeSa next = engine.newSa(weInitiated, old.peer);
        next.spiI = spiI;
        next.spiR = spiR;
        next.local = old.local;
        next.remote = old.remote;
        next.natLocal = old.natLocal;
        next.natRemote = old.natRemote;
        next.fragmentation = old.fragmentation;
        next.rekeyCount = old.rekeyCount + 1;
        next.proposal = spec;
        next.prf = Prf.of(spec.prfId());
        int encrLen = SkCiphers.encryptionKeyLength(spec.encryptionId(), spec.encryptionKeyBits());
        int integLen = SkCiphers.integrityKeyLength(spec.integrityId());
        next.keys = IkeSaKeys.deriveRekey(old.prf, old.keys.skD(), next.prf, shared, ni, nr, spiI, spiR, integLen,
                encrLen);
        Arrays.fill(shared, (byte) 0);
        var i2r = SkCiphers.create(spec.encryptionId(), spec.encryptionKeyBits(), spec.integrityId(),
                next.keys.skEi(), next.keys.skAi(), engine.ctx.random());
        var r2i = SkCiphers.create(spec.encryptionId(), spec.encryptionKeyBits(), spec.integrityId(),
                next.keys.skEr(), next.keys.skAr(), engine.ctx.random());
        next.sendCipher = weInitiated ? i2r : r2i;
        next.receiveCipher = weInitiated ? r2i : i2r;
        next.ni = ni;
        next.nr = nr;
        next.peerIdentity = old.peerIdentity;
        next.state = IkeSa.State.ESTABLISHED;
        next.establishedMillis = engine.now();
        next.dpdCheckedMillis = next.establishedMillis;
        next.expiresMillis = next.establishedMillis + old.peer.ikeLifetimeSeconds() * 1000;
        next.rekeyAtMillis = Lifetimes.softDeadline(engine, next.establishedMillis, old.peer.ikeLifetimeSeconds());
        return next;
    }

    /** The CHILD_SAs go over to the IKE SA that survives the rekey. */
    private static void moveChildren(IkeSa from, IkeSa to) {
        for (ChildSa c : from.children) {
            if (c.state() != ChildSa.State.DELETED) {
                to.children.add(c);
            }
        }
        from.children.clear();
    }

    static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (56 - 8 * i));
        }
        return b;
    }

    static long readLong(byte[] b) {
        long v = 0;
        for (byte x : b) {
            v = (v << 8) | (x & 0xff);
        }
        return v;
    }

    static boolean isIkeRekey(SaPayload sa) {
        return !sa.proposals().isEmpty() && sa.proposals().getFirst().protocolId() == ProtocolId.IKE;
    }
}
