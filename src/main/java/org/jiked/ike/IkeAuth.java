package org.jiked.ike;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jiked.child.ChildSa;
import org.jiked.child.TrafficSelector;
import org.jiked.child.TrafficSelectorNarrowing;
import org.jiked.pki.KeyHash;
import org.jiked.pki.LocalCredential;
import org.jiked.wire.AuthMethod;
import org.jiked.wire.ExchangeType;
import org.jiked.wire.IdType;
import org.jiked.wire.NotifyType;
import org.jiked.wire.payload.AuthPayload;
import org.jiked.wire.payload.IdPayload;
import org.jiked.wire.payload.NotifyPayload;
import org.jiked.wire.payload.Payload;
import org.jiked.wire.payload.SaPayload;
import org.jiked.wire.payload.TsPayload;

/**
 * The IKE_AUTH exchange (RFC 7296 sections 1.2 and 2.15): identities, AUTH by pre-shared key or
 * by signature with certificates ({@link SignatureAuthentication}), and the first CHILD_SA. A
 * CHILD_SA that cannot be agreed does not cost the IKE SA (section 1.2): its error notify travels
 * beside IDr and AUTH.
 */
final class IkeAuth {
    private IkeAuth() {}

    static Identity localIdentity(IkeSa sa) {
        return sa.peer.localIdentity() != null ? sa.peer.localIdentity() : Identity.of(sa.local.getAddress());
    }

    /**
     * The pre-shared key both AUTH payloads of this SA are computed with: the gateway's, or with
     * {@code seeded-pre-shared-key} the one derived from the initiator's ID (ours when we
     * initiate, the IDi the peer sent when it does); null when there is none.
     */
    static byte[] preSharedKey(IkeSa sa) {
        byte[] seed = sa.peer.options().pskSeed();
        if (seed == null) {
            return sa.peer.preSharedKey();
        }
        Identity initiator = sa.originalInitiator ? localIdentity(sa) : sa.claimedIdentity;
        return initiator == null ? null : SeededPreSharedKey.derive(seed, initiator);
    }

    /**
     * How we authenticate in this IKE_AUTH: by pre-shared key ({@code cred} null) or with the local
     * certificate that answers the CAs the peer asked for.
     */
    private record Ours(LocalCredential cred, Set<KeyHash> peerHas) {
        static Ours pick(IkeSa sa, Set<KeyHash> peerHas) {
            CertificateAuth certs = sa.peer.certificates();
            return certs == null ? new Ours(null, Set.of())
                    : new Ours(SignatureAuthentication.choose(certs, peerHas), peerHas);
        }

        Identity identity(IkeSa sa) {
            return cred == null ? localIdentity(sa) : SignatureAuthentication.localIdentity(sa, cred);
        }

        List<Payload> certificates() throws IkeProtocolException {
            return cred == null ? List.of() : SignatureAuthentication.certPayloads(cred, peerHas);
        }

        /** @param peerInitMessage the peer's IKE_SA_INIT message, for its SIGNATURE_HASH_ALGORITHMS */
        AuthPayload auth(IkeSa sa, byte[] octets, byte[] peerInitMessage) throws IkeProtocolException {
            return cred != null
                    ? SignatureAuthentication.sign(sa, cred, SignatureAuthentication.peerHashes(peerInitMessage), octets)
                    : new AuthPayload(AuthMethod.SHARED_KEY_MIC,
                            PskAuthentication.compute(sa.prf, preSharedKey(sa), octets));
        }
    }

    /** The initiator's half. */
    static final class Initiator implements Exchange {
        private final ChildConfig child;
        private int childSpi;
        private IdPayload idi;

        Initiator(ChildConfig child) {
            this.child = child;
        }

        @Override
        public int exchangeType() {
            return ExchangeType.IKE_AUTH;
        }

        @Override
        public String describe() {
            return "IKE_AUTH";
        }

        @Override
        public List<Payload> buildRequest(IkeSa sa) throws IkeProtocolException {
            CertificateAuth certs = sa.peer.certificates();
            if (certs == null && preSharedKey(sa) == null) {
                throw new IkeProtocolException(NotifyType.AUTHENTICATION_FAILED, "no pre-shared key", true);
            }
            List<Payload> out = new ArrayList<>();
            // the responder's CERTREQ came in its IKE_SA_INIT response (RFC 7296 section 1.2)
            Ours ours = Ours.pick(sa, certs == null ? Set.of() : SignatureAuthentication.certReqHashes(sa.initResponse));
            Identity me = ours.identity(sa);
            idi = new IdPayload(false, me.idType(), me.data());
            out.add(idi);
            out.addAll(ours.certificates());
            if (certs != null) {
                SignatureAuthentication.certReq(certs).ifPresent(out::add);
            }
            if (!sa.engine().hasOtherSa(sa)) {
                // only when we hold no other SA with this peer, or the peer would drop those
                // (a reauthentication keeps the old one up until the new one is in)
                out.add(NotifyPayload.of(NotifyType.INITIAL_CONTACT));
            }
            if (sa.peer.remoteIdentity() != null) {
                Identity them = sa.peer.remoteIdentity();
                out.add(new IdPayload(true, them.idType(), them.data()));
            }
            byte[] octets = PskAuthentication.signedOctets(sa.prf, sa.initRequest, sa.nr, sa.keys.skPi(), idi);
            out.add(ours.auth(sa, octets, sa.initResponse));
            if (child != null) {
                childSpi = sa.engine().newChildSpi();
                out.add(ChildNegotiation.offer(child, childSpi, false));
                out.add(ChildNegotiation.tsPayload(false, child.localSelectors()));
                out.add(ChildNegotiation.tsPayload(true, child.remoteSelectors()));
            }
            return out;
        }

        @Override
        public void processResponse(IkeSa sa, List<Payload> response) throws IkeProtocolException {
            IkeEngine engine = sa.engine();
            if (Payloads.notify(response, NotifyType.AUTHENTICATION_FAILED).isPresent()) {
                engine.stats.increment("auth-failures");
                throw new IkeProtocolException(NotifyType.AUTHENTICATION_FAILED,
                        "peer refused our authentication (AUTHENTICATION_FAILED)", true);
            }
            var idr = Payloads.first(response, IdPayload.class).filter(IdPayload::responder);
            var auth = Payloads.first(response, AuthPayload.class);
            if (idr.isEmpty() || auth.isEmpty()) {
                var err = ChildNegotiation.childError(response);
                throw new IkeProtocolException(NotifyType.AUTHENTICATION_FAILED, "IKE_AUTH response without IDr/AUTH"
                        + (err == null ? "" : " (" + err.name() + ")"), true);
            }
            sa.claimedIdentity = Identity.of(idr.get());
            checkBlocklist(engine, sa, false, Identity.of(idr.get()));
            verifyPeer(sa, idr.get(), auth.get(), response, sa.initResponse, sa.ni, sa.keys.skPr());
            established(engine, sa, Identity.of(idr.get()));
            if (child != null) {
                completeChild(engine, sa, response);
            }
            for (ChildConfig more : sa.pendingChildren) {
                engine.channel.queue(sa, new CreateChildExchange(more, null));
            }
            sa.pendingChildren.clear();
            if (sa.replaces != null) {
                // after the CHILD_SAs queued above: the reauthenticated SA takes over, the old one goes
                engine.channel.queue(sa, new RetireReplaced());
            }
        }

        private void completeChild(IkeEngine engine, IkeSa sa, List<Payload> response) {
            var err = ChildNegotiation.childError(response);
            if (err != null) {
                engine.stats.increment("child-sa-failed");
                engine.log("warning", sa, "CHILD_SA " + child.name() + " refused by peer: " + err.name());
                engine.childFailed(sa, err.name(), "CHILD_SA " + child.name() + " refused by the peer");
                return;
            }
            try {
                SaPayload saPayload = Payloads.require(response, SaPayload.class, "SA", false);
                var choice = ProposalSelector.acceptedChild(saPayload, child.proposals(), true);
                List<TrafficSelector> tsi = ChildNegotiation.toSelectors(
                        Payloads.all(response, TsPayload.class).stream().filter(t -> !t.responder()).findFirst()
                                .orElseThrow(() -> new IkeProtocolException(NotifyType.INVALID_SYNTAX, "no TSi", false)));
                List<TrafficSelector> tsr = ChildNegotiation.toSelectors(
                        Payloads.all(response, TsPayload.class).stream().filter(TsPayload::responder).findFirst()
                                .orElseThrow(() -> new IkeProtocolException(NotifyType.INVALID_SYNTAX, "no TSr", false)));
                if (!TrafficSelectorNarrowing.isSubsetOf(tsi, child.localSelectors())
                        || !TrafficSelectorNarrowing.isSubsetOf(tsr, child.remoteSelectors())) {
                    throw new IkeProtocolException(NotifyType.TS_UNACCEPTABLE, "responder widened the selectors", false);
                }
                ChildSa c = ChildNegotiation.create(engine, sa, child, choice.spec(), childSpi, choice.peerSpi(), true,
                        null, sa.ni, sa.nr, tsi, tsr);
                engine.installChild(sa, c);
            } catch (IkeProtocolException e) {
                engine.stats.increment("child-sa-failed");
                engine.log("warning", sa, "CHILD_SA " + child.name() + " failed: " + e.getMessage());
                engine.childFailed(sa, MessageChannel.failureReason(e), "CHILD_SA " + child.name() + ": "
                        + e.getMessage());
            }
        }

        @Override
        public void timedOut(IkeSa sa) {
            sa.engine().stats.increment("ike-sa-failed");
        }
    }

    /** Not a message: when its turn comes, the IKE SA this one reauthenticated is deleted. */
    private static final class RetireReplaced implements Exchange {
        @Override
        public int exchangeType() {
            return ExchangeType.INFORMATIONAL;
        }

        @Override
        public List<Payload> buildRequest(IkeSa sa) {
            IkeSa old = sa.replaces;
            sa.replaces = null;
            if (old != null && old.isEstablished()) {
                sa.engine().log("info", sa, "reauthenticated, deleting the old IKE SA #" + old.index);
                sa.engine().deleteIkeSa(old);
            }
            return null;
        }

        @Override
        public void processResponse(IkeSa sa, List<Payload> response) {}

        @Override
        public String describe() {
            return "retire the reauthenticated IKE SA";
        }
    }

    /**
     * The IKE policy's blocklist, applied to a new IKE SA at the authentication stage, before any
     * signature or key is checked. A discard ends the SA without a word (notify 0), a reject with
     * AUTHENTICATION_FAILED; a rule's own backoff, else {@code auth-phase-failure}, backs the peer off.
     */
    static void checkBlocklist(IkeEngine engine, IkeSa sa, boolean peerInitiated, Identity id)
            throws IkeProtocolException {
        IdBlocklist list = sa.peer.options().blocklist();
        IdBlocklist.Rule rule = list == null ? null : list.match(peerInitiated, id, remoteIdType(sa.peer));
        if (rule == null) {
            return;
        }
        String address = sa.remote.getAddress().getHostAddress();
        engine.stats.increment("peers-blocked");
        engine.log("warning", sa, "IKE_GATEWAY_PEER_BLOCKED: peer " + address + " with ID " + id + " matches rule "
                + rule.name() + " of blocklist " + list.name() + ", " + (rule.discard() ? "discarded" : "rejected"));
        if (rule.backoffMillis() > 0) {
            engine.backOff(sa.remote.getAddress(), "blocklist rule " + rule.name(), rule.backoffMillis());
        } else {
            engine.authenticationFailed(sa);
        }
        throw new IkeProtocolException(rule.discard() ? 0 : NotifyType.AUTHENTICATION_FAILED,
                "peer " + id + " is on blocklist " + list.name(), true);
    }

    /** The ID type of the gateway's remote identity, or 0 when it accepts any ({@code general-ikeid}). */
    static int remoteIdType(PeerConfig p) {
        if (p.remoteIdentity() != null) {
            return p.remoteIdentity().idType();
        }
        return p.certificates() != null && p.certificates().remoteDn() != null ? IdType.ID_DER_ASN1_DN : 0;
    }

    /** Checks the peer's AUTH (and certificates) and, when one is configured, its identity. */
    static void verifyPeer(IkeSa sa, IdPayload id, AuthPayload auth, List<Payload> message, byte[] peerInitMessage,
                           byte[] ourNonce, byte[] skP) throws IkeProtocolException {
        IkeEngine engine = sa.engine();
        Identity peerId = Identity.of(id);
        if (sa.peer.certificates() != null) {
            SignatureAuthentication.verifyPeer(sa, id, auth, message,
                    PskAuthentication.signedOctets(sa.prf, peerInitMessage, ourNonce, skP, id));
            return;
        }
        byte[] psk = preSharedKey(sa);
        if (auth.method() != AuthMethod.SHARED_KEY_MIC || psk == null) {
            engine.stats.increment("auth-failures");
            throw new IkeProtocolException(NotifyType.AUTHENTICATION_FAILED,
                    "peer " + peerId + " uses authentication method " + auth.method() + ", expected pre-shared key",
                    true);
        }
        byte[] octets = PskAuthentication.signedOctets(sa.prf, peerInitMessage, ourNonce, skP, id);
        if (!PskAuthentication.verify(sa.prf, psk, octets, auth.data())) {
            engine.stats.increment("auth-failures");
            throw new IkeProtocolException(NotifyType.AUTHENTICATION_FAILED,
                    "pre-shared key mismatch with peer " + peerId + " at " + sa.remote.getAddress().getHostAddress(),
                    true);
        }
        if (sa.peer.remoteIdentity() != null && !sa.peer.remoteIdentity().equals(peerId)) {
            engine.stats.increment("auth-failures");
            throw new IkeProtocolException(NotifyType.AUTHENTICATION_FAILED,
                    "peer identity " + peerId + " is not the configured remote-identity " + sa.peer.remoteIdentity(),
                    true);
        }
    }

    static void established(IkeEngine engine, IkeSa sa, Identity peerId) {
        sa.peerIdentity = peerId;
        sa.state = IkeSa.State.ESTABLISHED;
        sa.establishedMillis = engine.now();
        sa.dpdCheckedMillis = sa.establishedMillis;
        sa.expiresMillis = sa.establishedMillis + sa.peer.ikeLifetimeSeconds() * 1000;
        sa.rekeyAtMillis = Lifetimes.softDeadline(engine, sa.establishedMillis, sa.peer.ikeLifetimeSeconds());
        engine.leaveHalfOpen(sa);
        engine.stats.increment("ike-sa-established");
        engine.log("info", sa, "IKE SA established with " + peerId + " at " + sa.remote + ", " + sa.proposal);
    }

    /** The responder's half: verify the initiator, answer with our AUTH and the first CHILD_SA. */
    static List<Payload> processRequest(IkeEngine engine, IkeSa sa, List<Payload> request) throws IkeProtocolException {
        IdPayload idi = Payloads.first(request, IdPayload.class).filter(i -> !i.responder())
                .orElseThrow(() -> new IkeProtocolException(NotifyType.INVALID_SYNTAX, "IKE_AUTH without IDi", true));
        AuthPayload auth = Payloads.first(request, AuthPayload.class)
                .orElseThrow(() -> new IkeProtocolException(NotifyType.AUTHENTICATION_FAILED,
                        "IKE_AUTH without AUTH (EAP is not configured)", true));
        sa.claimedIdentity = Identity.of(idi);
        engine.bindDynamicPeer(sa, Identity.of(idi));
        checkBlocklist(engine, sa, true, Identity.of(idi));
        verifyPeer(sa, idi, auth, request, sa.initRequest, sa.nr, sa.keys.skPi());
        Ours ours = Ours.pick(sa, SignatureAuthentication.certReqHashes(request));
        Identity me = ours.identity(sa);
        IdPayload idr = new IdPayload(true, me.idType(), me.data());
        List<Payload> out = new ArrayList<>();
        out.add(idr);
        out.addAll(ours.certificates());
        byte[] octets = PskAuthentication.signedOctets(sa.prf, sa.initResponse, sa.ni, sa.keys.skPr(), idr);
        out.add(ours.auth(sa, octets, sa.initRequest));
        established(engine, sa, Identity.of(idi));
        if (Payloads.notify(request, NotifyType.INITIAL_CONTACT).isPresent()) {
            engine.dropOtherSas(sa);
        }
        var saPayload = Payloads.first(request, SaPayload.class);
        if (saPayload.isPresent()) {
            out.addAll(respondChild(engine, sa, request, saPayload.get()));
        }
        return out;
    }

    private static List<Payload> respondChild(IkeEngine engine, IkeSa sa, List<Payload> request, SaPayload saPayload) {
        try {
            TsPayload tsi = Payloads.all(request, TsPayload.class).stream().filter(t -> !t.responder()).findFirst()
                    .orElseThrow(() -> new IkeProtocolException(NotifyType.INVALID_SYNTAX, "no TSi", false));
            TsPayload tsr = Payloads.all(request, TsPayload.class).stream().filter(TsPayload::responder).findFirst()
                    .orElseThrow(() -> new IkeProtocolException(NotifyType.INVALID_SYNTAX, "no TSr", false));
            var sel = ChildNegotiation.select(sa.peer, saPayload, tsi, tsr, true);
            int ourSpi = engine.newChildSpi();
            ChildSa c = ChildNegotiation.create(engine, sa, sel.config(), sel.choice().spec(), ourSpi,
                    sel.choice().peerSpi(), false, null, sa.ni, sa.nr, sel.tsr(), sel.tsi());
            engine.installChild(sa, c);
            return List.of(
                    new SaPayload(List.of(sel.choice().spec().toProposal(sel.choice().proposalNumber(),
                            ProposalSelector.spiBytes(ourSpi), false))),
                    ChildNegotiation.tsPayload(false, sel.tsi()),
                    ChildNegotiation.tsPayload(true, sel.tsr()));
        } catch (IkeProtocolException e) {
            engine.stats.increment("child-sa-failed");
            if (e.notifyType() == NotifyType.TS_UNACCEPTABLE) {
                engine.stats.increment("ts-unacceptable");
            } else if (e.notifyType() == NotifyType.NO_PROPOSAL_CHOSEN) {
                engine.stats.increment("no-proposal-chosen");
            }
            engine.log("warning", sa, "CHILD_SA refused: " + e.getMessage());
            engine.childFailed(sa, MessageChannel.failureReason(e), "CHILD_SA refused: " + e.getMessage());
            return List.of(e.toNotify());
        }
    }
}
