package org.jiked.ike;

import java.util.ArrayList;
import java.util.List;
import org.jiked.child.ChildSa;
import org.jiked.child.TrafficSelector;
import org.jiked.child.TrafficSelectorNarrowing;
import org.jiked.crypto.ChildSaKeys;
import org.jiked.crypto.SkCiphers;
import org.jiked.wire.NotifyType;
import org.jiked.wire.payload.Payload;
import org.jiked.wire.payload.SaPayload;
import org.jiked.wire.payload.TsPayload;

/**
 * What CHILD_SA creation in IKE_AUTH and in CREATE_CHILD_SA share: choosing the configured VPN and
 * proposal for a request (RFC 7296 sections 2.9 and 3.3), and building the {@link ChildSa} from
 * the negotiated values and KEYMAT (section 2.17).
 */
final class ChildNegotiation {
    private ChildNegotiation() {}

    /** The responder's choice: which VPN, which proposal, and the narrowed selectors. */
    record Selection(ChildConfig config, ProposalSelector.ChildChoice choice, List<TrafficSelector> tsi,
                     List<TrafficSelector> tsr) {}

    /**
     * Picks the first configured VPN whose selectors overlap what the initiator proposed and one
     * of whose proposals matches. TSi is the initiator's side, so it is narrowed against our remote
     * selectors, and TSr against our local ones.
     */
    static Selection select(PeerConfig peer, SaPayload sa, TsPayload tsiPayload, TsPayload tsrPayload,
                            boolean ikeAuth) throws IkeProtocolException {
        List<TrafficSelector> tsi = toSelectors(tsiPayload);
        List<TrafficSelector> tsr = toSelectors(tsrPayload);
        boolean anySelectorMatch = false;
        IkeProtocolException proposalError = null;
        for (ChildConfig c : peer.children()) {
            List<TrafficSelector> ni = TrafficSelectorNarrowing.narrow(tsi, c.remoteSelectors());
            List<TrafficSelector> nr = TrafficSelectorNarrowing.narrow(tsr, c.localSelectors());
            if (ni.isEmpty() || nr.isEmpty()) {
                continue;
            }
            anySelectorMatch = true;
            try {
                var choice = ProposalSelector.selectChild(sa, c.proposals(), ikeAuth, false);
                return new Selection(c, choice, ni, nr);
            } catch (IkeProtocolException e) {
                proposalError = e;
            }
        }
        if (!anySelectorMatch) {
            throw new IkeProtocolException(NotifyType.TS_UNACCEPTABLE, "traffic selectors " + tsi + " === " + tsr
                    + " match no VPN", false);
        }
        throw proposalError;
    }

    static List<TrafficSelector> toSelectors(TsPayload ts) {
        List<TrafficSelector> out = new ArrayList<>();
        for (TsPayload.TrafficSelector t : ts.selectors()) {
            TrafficSelector s = TrafficSelector.fromWire(t);
            if (s.isValid()) {
                out.add(s);
            }
        }
        return out;
    }

    static TsPayload tsPayload(boolean responder, List<TrafficSelector> selectors) {
        return new TsPayload(responder, selectors.stream().map(TrafficSelector::toWire).toList());
    }

    /** The SA payload offering a VPN's proposals with our inbound SPI. */
    static SaPayload offer(ChildConfig c, int ourSpi, boolean withDh) {
        List<SaPayload.Proposal> proposals = new ArrayList<>();
        int n = 1;
        for (ChildProposalSpec spec : c.proposals()) {
            proposals.add(spec.toProposal(n++, ProposalSelector.spiBytes(ourSpi), withDh));
        }
        return new SaPayload(proposals);
    }

    /**
     * Builds the CHILD_SA. {@code exchangeInitiator} is whether we initiated the exchange that
     * created it, which decides which half of KEYMAT protects which direction.
     */
    static ChildSa create(IkeEngine engine, IkeSa sa, ChildConfig config, ChildProposalSpec spec, int ourSpi,
                          int peerSpi, boolean exchangeInitiator, byte[] sharedSecret, byte[] ni, byte[] nr,
                          List<TrafficSelector> local, List<TrafficSelector> remote) {
        int encrLen = SkCiphers.encryptionKeyLength(spec.encryptionId(), spec.encryptionKeyBits());
        int integLen = SkCiphers.integrityKeyLength(spec.integrityId());
        ChildSaKeys keys = ChildSaKeys.derive(sa.prf, sa.keys.skD(), sharedSecret, ni, nr, encrLen, integLen);
        ChildSa c = new ChildSa(config.name(), ourSpi, peerSpi, spec.encryptionId(), spec.encryptionKeyBits(),
                spec.integrityId(), spec.dhGroup(), spec.esn(), keys, exchangeInitiator, local, remote, sa.local,
                sa.remote, sa.natLocal || sa.natRemote || sa.local.getPort() == 4500, engine.now(),
                config.lifetimeSeconds(), config.lifetimeKilobytes());
        if (config.lifetimeSeconds() > 0) {
            c.rekeyAtMillis(Lifetimes.softDeadline(engine, engine.now(), config.lifetimeSeconds()));
        }
        return c;
    }

    /** The error notify a CHILD_SA failure in a response carries, if any (RFC 7296 section 3.10.1). */
    static NotifyTypeAndName childError(List<Payload> payloads) {
        for (Payload p : payloads) {
            if (p instanceof org.jiked.wire.payload.NotifyPayload n && NotifyType.isError(n.notifyType())) {
                return new NotifyTypeAndName(n.notifyType(), NotifyType.name(n.notifyType()));
            }
        }
        return null;
    }

    record NotifyTypeAndName(int type, String name) {}
}
