package org.jiked.ike;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jiked.child.ChildSa;
import org.jiked.crypto.InvalidPeerKeyException;
import org.jiked.crypto.KeyExchange;
import org.jiked.crypto.KeyExchanges;
import org.jiked.wire.NotifyType;
import org.jiked.wire.ProtocolId;
import org.jiked.wire.payload.KePayload;
import org.jiked.wire.payload.NoncePayload;
import org.jiked.wire.payload.NotifyPayload;
import org.jiked.wire.payload.Payload;
import org.jiked.wire.payload.SaPayload;
import org.jiked.wire.payload.TsPayload;

/**
 * CREATE_CHILD_SA as responder (RFC 7296 sections 1.3 and 2.8). Which kind of request it is
 * follows from the payloads, as section 1.3 lays out: N(REKEY_SA) rekeys a CHILD_SA, an SA
 * payload without traffic selectors rekeys the IKE SA, anything else creates a new CHILD_SA.
 */
final class CreateChildResponder {
    private CreateChildResponder() {}

    static List<Payload> processRequest(IkeEngine engine, IkeSa sa, List<Payload> request) throws IkeProtocolException {
        if (sa.state != IkeSa.State.ESTABLISHED) {
            throw new IkeProtocolException(NotifyType.TEMPORARY_FAILURE, "the IKE SA is being deleted or rekeyed",
                    false);
        }
        SaPayload saPayload = Payloads.require(request, SaPayload.class, "SA", false);
        boolean hasTs = Payloads.first(request, TsPayload.class).isPresent();
        if (!hasTs && IkeRekey.isIkeRekey(saPayload)) {
            return IkeRekey.processRequest(engine, sa, request);
        }
        if (!hasTs) {
            throw new IkeProtocolException(NotifyType.INVALID_SYNTAX, "CREATE_CHILD_SA without traffic selectors",
                    false);
        }
        ChildSa rekeyed = null;
        var rekey = Payloads.notify(request, NotifyType.REKEY_SA);
        if (rekey.isPresent()) {
            NotifyPayload n = rekey.get();
            if (n.protocolId() != ProtocolId.ESP || n.spi().length != 4) {
                throw new IkeProtocolException(NotifyType.INVALID_SYNTAX,
                        "REKEY_SA for protocol " + n.protocolId() + " with a " + n.spi().length + "-octet SPI", false);
            }
            rekeyed = sa.childByOutboundSpi(ProposalSelector.readSpi(n.spi()));
            if (rekeyed == null || rekeyed.state() == ChildSa.State.DELETED) {
                throw new IkeProtocolException(NotifyType.CHILD_SA_NOT_FOUND, new byte[0],
                        "REKEY_SA names no CHILD_SA of ours", false);
            }
            if (rekeyed.state() == ChildSa.State.DELETING) {
                // RFC 7296 section 2.25.1: a rekey of a CHILD_SA we are closing
                throw new IkeProtocolException(NotifyType.TEMPORARY_FAILURE,
                        "REKEY_SA for a CHILD_SA that is being deleted", false);
            }
        }
        byte[] ni = Payloads.require(request, NoncePayload.class, "Ni", false).nonce();
        TsPayload tsi = Payloads.all(request, TsPayload.class).stream().filter(t -> !t.responder()).findFirst()
                .orElseThrow(() -> new IkeProtocolException(NotifyType.INVALID_SYNTAX, "no TSi", false));
        TsPayload tsr = Payloads.all(request, TsPayload.class).stream().filter(TsPayload::responder).findFirst()
                .orElseThrow(() -> new IkeProtocolException(NotifyType.INVALID_SYNTAX, "no TSr", false));
        ChildNegotiation.Selection sel;
        try {
            sel = ChildNegotiation.select(sa.peer, saPayload, tsi, tsr, false);
        } catch (IkeProtocolException e) {
            engine.stats.increment(e.notifyType() == NotifyType.TS_UNACCEPTABLE ? "ts-unacceptable" : "no-proposal-chosen");
            engine.stats.increment("child-sa-failed");
            throw e;
        }
        var spec = sel.choice().spec();
        var ke = Payloads.first(request, KePayload.class);
        byte[] shared = null;
        KeyExchange ours = null;
        if (spec.dhGroup() != 0) {
            if (ke.isEmpty() || ke.get().dhGroup() != spec.dhGroup()) {
                engine.stats.increment("invalid-ke-sent");
                throw IkeProtocolException.invalidKe(spec.dhGroup());
            }
            ours = KeyExchanges.generate(spec.dhGroup(), engine.ctx.random());
            try {
                shared = ours.sharedSecret(ke.get().keyData());
            } catch (InvalidPeerKeyException e) {
                throw new IkeProtocolException(NotifyType.INVALID_SYNTAX, "invalid KEi: " + e.getMessage(), false);
            }
        }
        byte[] nr = IkeSaInit.nonce(engine);
        int ourSpi = engine.newChildSpi();
        ChildSa c = ChildNegotiation.create(engine, sa, sel.config(), spec, ourSpi, sel.choice().peerSpi(), false,
                shared, ni, nr, sel.tsr(), sel.tsi());
        if (shared != null) {
            Arrays.fill(shared, (byte) 0);
        }
        if (rekeyed != null) {
            // inbound now, outbound once the peer, which has the new SA only when our answer arrives, deletes the old
            c.outboundAfter(rekeyed);
        }
        engine.installChild(sa, c);
        if (rekeyed != null) {
            engine.stats.increment("child-sa-rekeyed");
            engine.log("info", sa, "CHILD_SA " + rekeyed + " rekeyed by peer, new " + c);
            if (rekeyed.state() == ChildSa.State.REKEYING && rekeyed.rekeyCollision() == null) {
                // we are rekeying it too: our own exchange settles the tie when it completes
                rekeyed.rekeyCollision(new RekeyCollision(c, ni, nr));
                engine.log("info", sa, "CHILD_SA " + rekeyed + ": simultaneous rekey by both peers");
            }
            // the old SA stays until the initiator deletes it (RFC 7296 section 2.8)
            rekeyed.state(ChildSa.State.REKEYING);
        }
        List<Payload> out = new ArrayList<>();
        out.add(new SaPayload(List.of(spec.toProposal(sel.choice().proposalNumber(), ProposalSelector.spiBytes(ourSpi),
                true))));
        out.add(new NoncePayload(nr));
        if (ours != null) {
            out.add(new KePayload(spec.dhGroup(), ours.publicValue()));
        }
        out.add(ChildNegotiation.tsPayload(false, sel.tsi()));
        out.add(ChildNegotiation.tsPayload(true, sel.tsr()));
        return out;
    }
}
