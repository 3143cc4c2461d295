package org.jiked.ike;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jiked.child.ChildSa;
import org.jiked.child.TrafficSelector;
import org.jiked.child.TrafficSelectorNarrowing;
import org.jiked.crypto.InvalidPeerKeyException;
import org.jiked.crypto.KeyExchange;
import org.jiked.crypto.KeyExchanges;
import org.jiked.wire.ExchangeType;
import org.jiked.wire.NotifyType;
import org.jiked.wire.ProtocolId;
import org.jiked.wire.payload.KePayload;
import org.jiked.wire.payload.NoncePayload;
import org.jiked.wire.payload.NotifyPayload;
import org.jiked.wire.payload.Payload;
import org.jiked.wire.payload.SaPayload;
import org.jiked.wire.payload.TsPayload;

/**
 * CREATE_CHILD_SA as initiator (RFC 7296 sections 1.3.1 and 2.8): a further CHILD_SA, or the
 * rekey of {@code rekeyed} (N(REKEY_SA) naming it). With PFS a fresh key exchange goes along. A
 * rekey is make-before-break: the old CHILD_SA is deleted only once the new one is installed.
 */
final class CreateChildExchange implements Exchange {
    private final ChildConfig config;
    private final ChildSa rekeyed;
    private int ourSpi;
    private byte[] ni;
    private KeyExchange keyExchange;

    CreateChildExchange(ChildConfig config, ChildSa rekeyed) {
        this.config = config;
        this.rekeyed = rekeyed;
    }

    @Override
    public int exchangeType() {
        return ExchangeType.CREATE_CHILD_SA;
    }

    @Override
    public String describe() {
        return rekeyed == null ? "CREATE_CHILD_SA " + config.name() : "CHILD_SA rekey " + config.name();
    }

    @Override
    public List<Payload> buildRequest(IkeSa sa) {
        IkeEngine engine = sa.engine();
        if (!sa.isEstablished() || (rekeyed != null && rekeyed.state() == ChildSa.State.DELETED)) {
            return null;
        }
        List<Payload> out = new ArrayList<>();
        if (rekeyed != null) {
            out.add(new NotifyPayload(ProtocolId.ESP, ProposalSelector.spiBytes(rekeyed.inboundSpi()),
                    NotifyType.REKEY_SA, new byte[0]));
        }
        ourSpi = engine.newChildSpi();
        int group = config.pfsGroup();
        out.add(ChildNegotiation.offer(config, ourSpi, true));
        ni = IkeSaInit.nonce(engine);
        out.add(new NoncePayload(ni));
        if (group != 0) {
            keyExchange = KeyExchanges.generate(group, engine.ctx.random());
            out.add(new KePayload(group, keyExchange.publicValue()));
        }
        List<TrafficSelector> local = rekeyed != null ? rekeyed.localSelectors() : config.localSelectors();
        List<TrafficSelector> remote = rekeyed != null ? rekeyed.remoteSelectors() : config.remoteSelectors();
        out.add(ChildNegotiation.tsPayload(false, local));
        out.add(ChildNegotiation.tsPayload(true, remote));
        return out;
    }

    @Override
    public void processResponse(IkeSa sa, List<Payload> response) throws IkeProtocolException {
        IkeEngine engine = sa.engine();
        var err = ChildNegotiation.childError(response);
        if (err != null) {
            engine.stats.increment("child-sa-failed");
            engine.log("warning", sa, describe() + " refused by peer: " + err.name());
            if (rekeyed != null && rekeyed.state() == ChildSa.State.REKEYING && rekeyed.rekeyCollision() == null) {
                rekeyed.state(ChildSa.State.INSTALLED);
                if (err.type() == NotifyType.TEMPORARY_FAILURE) {
                    // RFC 7296 section 2.25: try again a little later, at a random moment
                    rekeyed.rekeyAtMillis(engine.now() + 1000 + Math.floorMod(engine.ctx.random().nextInt(), 4000));
                }
            }
            return;
        }
        try {
            SaPayload saPayload = Payloads.require(response, SaPayload.class, "SA", false);
            var choice = ProposalSelector.acceptedChild(saPayload, config.proposals(), false);
            byte[] nr = Payloads.require(response, NoncePayload.class, "Nr", false).nonce();
            byte[] shared = null;
            if (keyExchange != null) {
                KePayload ke = Payloads.require(response, KePayload.class, "KEr", false);
                if (ke.dhGroup() != keyExchange.group()) {
                    throw new IkeProtocolException(NotifyType.INVALID_SYNTAX, "KEr of another group", false);
                }
                shared = keyExchange.sharedSecret(ke.keyData());
            }
            List<TrafficSelector> tsi = ChildNegotiation.toSelectors(ts(response, false));
            List<TrafficSelector> tsr = ChildNegotiation.toSelectors(ts(response, true));
            List<TrafficSelector> offeredLocal = rekeyed != null ? rekeyed.localSelectors() : config.localSelectors();
            List<TrafficSelector> offeredRemote = rekeyed != null ? rekeyed.remoteSelectors() : config.remoteSelectors();
            if (!TrafficSelectorNarrowing.isSubsetOf(tsi, offeredLocal)
                    || !TrafficSelectorNarrowing.isSubsetOf(tsr, offeredRemote)) {
                throw new IkeProtocolException(NotifyType.TS_UNACCEPTABLE, "responder widened the selectors", false);
            }
            ChildSa c = ChildNegotiation.create(engine, sa, config, choice.spec(), ourSpi, choice.peerSpi(), true,
                    shared, ni, nr, tsi, tsr);
            if (shared != null) {
                Arrays.fill(shared, (byte) 0);
            }
            engine.installChild(sa, c);
            if (rekeyed != null) {
                engine.stats.increment("child-sa-rekeyed");
            }
            if (rekeyed != null && rekeyed.rekeyCollision() instanceof RekeyCollision collision) {
                if (collision.oursIsRedundant(ni, nr)) {
                    // we lost the tie: our new SA goes, the peer deletes the old one
                    engine.log("info", sa, "simultaneous rekey: closing our redundant CHILD_SA " + c);
                    engine.stats.increment("child-rekey-collisions");
                    c.state(ChildSa.State.DELETING);
                    engine.channel.queue(sa, Informational.deleteChild(c));
                    return;
                }
                engine.log("info", sa, "simultaneous rekey: the peer closes its redundant CHILD_SA "
                        + collision.peersNewChild());
                engine.stats.increment("child-rekey-collisions");
            }
            if (rekeyed != null) {
                engine.stats.increment("child-sa-rekeys-initiated");
                engine.log("info", sa, "CHILD_SA " + rekeyed + " rekeyed, new " + c);
            }
            if (rekeyed != null && rekeyed.state() != ChildSa.State.DELETED) {
                rekeyed.state(ChildSa.State.DELETING);
                engine.channel.queue(sa, Informational.deleteChild(rekeyed));
            }
        } catch (InvalidPeerKeyException e) {
            engine.stats.increment("child-sa-failed");
            engine.log("warning", sa, describe() + ": invalid KEr: " + e.getMessage());
        } catch (IkeProtocolException e) {
            engine.stats.increment("child-sa-failed");
            engine.log("warning", sa, describe() + " failed: " + e.getMessage());
        }
    }

    private static TsPayload ts(List<Payload> payloads, boolean responder) throws IkeProtocolException {
        return Payloads.all(payloads, TsPayload.class).stream().filter(t -> t.responder() == responder).findFirst()
                .orElseThrow(() -> new IkeProtocolException(NotifyType.INVALID_SYNTAX,
                        responder ? "no TSr" : "no TSi", false));
    }
}
