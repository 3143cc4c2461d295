package org.jiked.ike;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jiked.crypto.IkeSaKeys;
import org.jiked.crypto.InvalidPeerKeyException;
import org.jiked.crypto.KeyExchange;
import org.jiked.crypto.KeyExchanges;
import org.jiked.crypto.Prf;
import org.jiked.crypto.SkCiphers;
import org.jiked.wire.ExchangeType;
import org.jiked.wire.IkeDecodeException;
import org.jiked.wire.IkeHeader;
import org.jiked.wire.IkeMessage;
import org.jiked.wire.IkeMessageCodec;
import org.jiked.wire.NotifyType;
import org.jiked.wire.payload.KePayload;
import org.jiked.wire.payload.NoncePayload;
import org.jiked.wire.payload.NotifyPayload;
import org.jiked.wire.payload.Payload;
import org.jiked.wire.payload.SaPayload;

/**
 * The IKE_SA_INIT exchange (RFC 7296 section 1.2) in both roles: proposals, key exchange,
 * nonces and NAT detection; INVALID_KE_PAYLOAD and COOKIE retries as initiator (sections 1.3 and
 * 2.6). It ends with the keys of section 2.14 in place and, as initiator, IKE_AUTH under way.
 */
final class IkeSaInit {
    static final int NONCE_LENGTH = 32;
    /** Retries after COOKIE or INVALID_KE_PAYLOAD, so a hostile responder cannot keep us looping. */
    private static final int MAX_INIT_ATTEMPTS = 4;

    private IkeSaInit() {}

    static void sendRequest(IkeEngine engine, IkeSa sa) {
        sendRequest(engine, sa, sa.peer.ikeProposals().getFirst().dhGroup());
    }

    private static void sendRequest(IkeEngine engine, IkeSa sa, int group) {
        sa.state = IkeSa.State.INIT_SENT;
        sa.initAttempts++;
        if (sa.keyExchange == null || sa.keyExchange.group() != group) {
            // a COOKIE retry repeats the request with its other payloads unchanged (RFC 7296
            // section 2.6); only an INVALID_KE_PAYLOAD retry needs a key of another group
            sa.keyExchange = KeyExchanges.generate(group, engine.ctx.random());
        }
        if (sa.ni == null) {
            sa.ni = nonce(engine);
        }
        List<Payload> payloads = new ArrayList<>();
        if (sa.cookie != null) {
            payloads.add(NotifyPayload.of(NotifyType.COOKIE, sa.cookie));
        }
        List<SaPayload.Proposal> proposals = new ArrayList<>();
        int n = 1;
        for (IkeProposalSpec spec : sa.peer.ikeProposals()) {
            proposals.add(spec.toProposal(n++, new byte[0]));
        }
        payloads.add(new SaPayload(proposals));
        payloads.add(new KePayload(group, sa.keyExchange.publicValue()));
        payloads.add(new NoncePayload(sa.ni));
        if (sa.peer.options().natTraversal()) {
            payloads.add(NatDetection.source(sa.spiI, 0, sa.local));
            payloads.add(NatDetection.destination(sa.spiI, 0, sa.remote));
        }
        if (sa.peer.fragmentation().enabled()) {
            payloads.add(NotifyPayload.of(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED));
        }
        payloads.addAll(SignatureAuthentication.saInitRequestPayloads(sa.peer));
        IkeHeader h = IkeHeader.of(sa.spiI, 0, ExchangeType.IKE_SA_INIT, true, false, 0);
        sa.initRequest = IkeMessageCodec.encode(h, payloads);
        sa.nextRequestId = 1;
        engine.log("info", sa, "IKE_SA_INIT to " + sa.remote + " (group " + group + ")");
        engine.channel.sendInitial(sa, new InitRequest(), 0, sa.initRequest);
    }

    /** Stands in the retransmit slot for the IKE_SA_INIT request, whose response is handled here, not by the channel. */
    private static final class InitRequest implements Exchange {
        @Override
        public int exchangeType() {
            return ExchangeType.IKE_SA_INIT;
        }

        @Override
        public List<Payload> buildRequest(IkeSa sa) {
            throw new IllegalStateException("IKE_SA_INIT is built by IkeSaInit");
        }

        @Override
        public void processResponse(IkeSa sa, List<Payload> response) {
            throw new IllegalStateException("IKE_SA_INIT is processed by IkeSaInit");
        }

        @Override
        public String describe() {
            return "IKE_SA_INIT";
        }
    }

    static void handleResponse(IkeEngine engine, IkeSa sa, IkeHeader header, byte[] datagram)
            throws IkeDecodeException {
        if (sa.state != IkeSa.State.INIT_SENT || header.messageId() != 0 || !header.isResponse()) {
            engine.stats.increment("unexpected-messages");
            return;
        }
        IkeMessage m = IkeMessageCodec.decode(datagram);
        var cookie = m.notify(NotifyType.COOKIE);
        if (cookie.isPresent() && sa.initAttempts < MAX_INIT_ATTEMPTS) {
            sa.cookie = cookie.get().data();
            engine.log("info", sa, "responder asked for a COOKIE, retrying");
            sendRequest(engine, sa, sa.keyExchange.group());
            return;
        }
        var invalidKe = m.notify(NotifyType.INVALID_KE_PAYLOAD);
        if (invalidKe.isPresent()) {
            engine.stats.increment("invalid-ke-received");
            byte[] d = invalidKe.get().data();
            int group = d.length == 2 ? ((d[0] & 0xff) << 8) | (d[1] & 0xff) : -1;
            boolean offered = sa.peer.ikeProposals().stream().anyMatch(p -> p.dhGroup() == group);
            if (offered && group != sa.keyExchange.group() && sa.initAttempts < MAX_INIT_ATTEMPTS) {
                engine.log("info", sa, "responder wants group " + group + ", retrying");
                sendRequest(engine, sa, group);
            } else {
                fail(engine, sa, "responder asked for group " + group + ", which we did not offer");
            }
            return;
        }
        for (NotifyPayload n : m.all(NotifyPayload.class)) {
            if (NotifyType.isError(n.notifyType())) {
                if (n.notifyType() == NotifyType.NO_PROPOSAL_CHOSEN) {
                    engine.stats.increment("no-proposal-chosen");
                }
                fail(engine, sa, NotifyType.name(n.notifyType()),
                        "responder answered " + NotifyType.name(n.notifyType()));
                return;
            }
        }
        var saPayload = m.first(SaPayload.class);
        var ke = m.first(KePayload.class);
        var nr = m.first(NoncePayload.class);
        if (saPayload.isEmpty() || ke.isEmpty() || nr.isEmpty() || header.responderSpi() == 0) {
            fail(engine, sa, "IKE_SA_INIT response lacks SA, KE or nonce");
            return;
        }
        try {
            sa.proposal = ProposalSelector.acceptedIke(saPayload.get(), sa.peer.ikeProposals());
        } catch (IkeProtocolException e) {
            fail(engine, sa, MessageChannel.failureReason(e), e.getMessage());
            return;
        }
        if (ke.get().dhGroup() != sa.keyExchange.group() || sa.proposal.dhGroup() != sa.keyExchange.group()) {
            fail(engine, sa, "responder's key exchange group does not match the chosen proposal");
            return;
        }
        sa.spiR = header.responderSpi();
        sa.nr = nr.get().nonce();
        sa.initResponse = datagram.clone();
        try {
            deriveKeys(engine, sa, ke.get().keyData());
        } catch (InvalidPeerKeyException e) {
            fail(engine, sa, "invalid responder KE: " + e.getMessage());
            return;
        }
        if (sa.peer.options().natTraversal()) {
            NatDetection.evaluate(sa, m);
        }
        sa.fragmentation = sa.peer.fragmentation().enabled()
                && m.notify(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED).isPresent();
        if (sa.natLocal || sa.natRemote) {
            // RFC 7296 section 2.23: once a NAT is seen, everything moves to port 4500
            sa.local = new InetSocketAddress(sa.local.getAddress(), 4500);
            sa.remote = new InetSocketAddress(sa.remote.getAddress(), 4500);
        }
        sa.outstanding = null;
        sa.state = IkeSa.State.AUTH_SENT;
        engine.log("info", sa, "IKE_SA_INIT done: " + sa.proposal + (sa.natLocal || sa.natRemote ? ", NAT detected" : ""));
        engine.channel.queue(sa, new IkeAuth.Initiator(sa.pendingChildren.poll()));
    }

    private static void fail(IkeEngine engine, IkeSa sa, String reason) {
        fail(engine, sa, "invalid response", reason);
    }

    /** @param why a notify name or a short word, as {@code show security ike peers failed} prints it */
    private static void fail(IkeEngine engine, IkeSa sa, String why, String reason) {
        engine.log("warning", sa, "IKE_SA_INIT failed: " + reason);
        engine.peerFailed(sa, "IKE_SA_INIT", why, reason);
        engine.stats.increment("ike-sa-failed");
        engine.destroy(sa);
    }

    static void handleRequest(IkeEngine engine, InetSocketAddress local, InetSocketAddress remote, IkeHeader header,
                              byte[] datagram) throws IkeDecodeException {
        if (header.responderSpi() != 0 || header.messageId() != 0 || !header.isFromInitiator()
                || header.initiatorSpi() == 0) {
            engine.stats.increment("unexpected-messages");
            return;
        }
        engine.stats.increment("in-ike-sa-init-requests");
        IkeSa existing = engine.findResponderSa(remote, header.initiatorSpi());
        if (existing != null) {
            // a retransmission, maybe late (after IKE_AUTH): the cached response, never a second SA
            if (Arrays.equals(existing.initRequest, datagram) && existing.state != IkeSa.State.DEAD) {
                engine.stats.increment("retransmits-answered");
                engine.channel.send(local, remote, existing.initResponse);
            } else {
                engine.stats.increment("unexpected-messages");
            }
            return;
        }
        IkeMessage m;
        try {
            m = IkeMessageCodec.decode(datagram);
        } catch (IkeDecodeException e) {
            if (e.notifyType() != 0) {
                answerError(engine, local, remote, header, NotifyPayload.of(e.notifyType(), e.notifyData()));
            }
            throw e;
        }
        if (!admitted(engine, local, remote, header, m)) {
            return;
        }
        PeerConfig peer = engine.peerFor(local.getAddress(), remote.getAddress());
        if (peer == null) {
            engine.stats.increment("unexpected-messages");
            engine.log("info", null, "IKE_SA_INIT from " + remote + " matches no gateway, dropped");
            return;
        }
        var saPayload = m.first(SaPayload.class);
        var ke = m.first(KePayload.class);
        var ni = m.first(NoncePayload.class);
        if (saPayload.isEmpty() || ke.isEmpty() || ni.isEmpty()) {
            engine.stats.increment("invalid-syntax-sent");
            answerError(engine, local, remote, header, NotifyPayload.of(NotifyType.INVALID_SYNTAX));
            return;
        }
        ProposalSelector.IkeChoice choice;
        try {
            choice = ProposalSelector.selectIke(saPayload.get(), peer.ikeProposals(), ke.get().dhGroup());
        } catch (IkeProtocolException e) {
            engine.stats.increment(e.notifyType() == NotifyType.INVALID_KE_PAYLOAD ? "invalid-ke-sent"
                    : "no-proposal-chosen");
            engine.log("info", null, "IKE_SA_INIT from " + remote + " (gateway " + peer.name() + "): "
                    + e.getMessage() + ", answered " + NotifyType.name(e.notifyType()));
            answerError(engine, local, remote, header, e.toNotify());
            if (e.notifyType() != NotifyType.INVALID_KE_PAYLOAD) {
                engine.failedPeers.record(remote, null, peer.name(), "responder", "IKE_SA_INIT",
                        NotifyType.name(e.notifyType()), e.getMessage());
                engine.backOff(remote.getAddress(), "init-phase-failure",
                        engine.halfOpen.settings().initPhaseBackoffMillis());
            }
            return;
        }
        IkeSa sa = engine.newSa(false, peer);
        sa.local = local;
        sa.remote = remote;
        sa.spiI = header.initiatorSpi();
        sa.spiR = engine.newIkeSpi();
        sa.proposal = choice.spec();
        sa.ni = ni.get().nonce();
        sa.nr = nonce(engine);
        sa.initRequest = datagram.clone();
        engine.stats.increment("key-exchanges");
        sa.keyExchange = KeyExchanges.generate(sa.proposal.dhGroup(), engine.ctx.random());
        byte[] ourPublic = sa.keyExchange.publicValue();
        try {
            deriveKeys(engine, sa, ke.get().keyData());
        } catch (InvalidPeerKeyException e) {
            engine.log("info", null, "IKE_SA_INIT from " + remote + ": invalid KE: " + e.getMessage());
            engine.stats.increment("invalid-syntax-sent");
            answerError(engine, local, remote, header, NotifyPayload.of(NotifyType.INVALID_SYNTAX));
            return;
        }
        List<Payload> payloads = new ArrayList<>();
        payloads.add(new SaPayload(List.of(sa.proposal.toProposal(choice.proposalNumber(), new byte[0]))));
        payloads.add(new KePayload(sa.proposal.dhGroup(), ourPublic));
        payloads.add(new NoncePayload(sa.nr));
        boolean peerDoesNatT = m.notify(NotifyType.NAT_DETECTION_SOURCE_IP).isPresent()
                && peer.options().natTraversal();
        if (peerDoesNatT) {
            payloads.add(NatDetection.source(sa.spiI, sa.spiR, local));
            payloads.add(NatDetection.destination(sa.spiI, sa.spiR, remote));
            // the request's hashes cover the SPIs of its header, where SPIr is still zero
            NatDetection.evaluate(sa, m, 0);
        }
        sa.fragmentation = peer.fragmentation().enabled()
                && m.notify(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED).isPresent();
        if (sa.fragmentation) {
            payloads.add(NotifyPayload.of(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED));
        }
        payloads.addAll(SignatureAuthentication.saInitResponsePayloads(peer, m));
        IkeHeader h = IkeHeader.of(sa.spiI, sa.spiR, ExchangeType.IKE_SA_INIT, false, true, 0);
        sa.initResponse = IkeMessageCodec.encode(h, payloads);
        sa.state = IkeSa.State.INIT_DONE;
        sa.expectedPeerRequestId = 1;
        engine.register(sa);
        engine.registerHalfOpen(sa);
        engine.log("info", sa, "IKE_SA_INIT from " + remote + ": " + sa.proposal);
        engine.channel.send(sa, sa.initResponse);
    }

    /**
     * The half-open defences (RFC 8019 section 4.1, {@code security ike session half-open}), before
     * any gateway lookup or key exchange: backoff, max-count and discard-duplicate drop the
     * request; past the send-cookie threshold a request without a valid cookie is answered with
     * one, statelessly (RFC 7296 section 2.6).
     */
    private static boolean admitted(IkeEngine engine, InetSocketAddress local, InetSocketAddress remote,
                                    IkeHeader header, IkeMessage m) {
        var ni = m.first(NoncePayload.class);
        byte[] cookie = m.notify(NotifyType.COOKIE).map(NotifyPayload::data).orElse(null);
        byte[] nonce = ni.map(NoncePayload::nonce).orElse(new byte[0]);
        long now = engine.now();
        HalfOpenGuard.Admission a = engine.halfOpen.admit(remote.getAddress(), header.initiatorSpi(), nonce, cookie, now);
        switch (a) {
            case ACCEPT -> {
                if (cookie != null) {
                    engine.stats.increment("cookies-accepted");
                }
                return true;
            }
            case COOKIE_REQUIRED -> {
                if (cookie != null) {
                    engine.stats.increment("cookies-invalid");
                }
                engine.stats.increment("cookies-sent");
                answerError(engine, local, remote, header, NotifyPayload.of(NotifyType.COOKIE,
                        engine.halfOpen.cookies.make(nonce, remote.getAddress(), header.initiatorSpi(), now)));
            }
            case MAX_COUNT -> engine.stats.increment("half-open-max-count-drops");
            case DUPLICATE -> engine.stats.increment("half-open-duplicate-drops");
            case BACKOFF -> engine.stats.increment("backoff-drops");
        }
        return false;
    }

    /** An unprotected error response to IKE_SA_INIT; the responder keeps no state (RFC 7296 section 2.21.1). */
    private static void answerError(IkeEngine engine, InetSocketAddress local, InetSocketAddress remote,
                                    IkeHeader request, NotifyPayload notify) {
        IkeHeader h = IkeHeader.of(request.initiatorSpi(), 0, ExchangeType.IKE_SA_INIT, false, true, 0);
        engine.stats.increment("out-packets");
        engine.ctx.transport().send(local, remote, IkeMessageCodec.encode(h, List.of(notify)));
    }

    /** SKEYSEED and the seven keys (RFC 7296 section 2.14), then the SK payload ciphers of each direction. */
    private static void deriveKeys(IkeEngine engine, IkeSa sa, byte[] peerPublic) throws InvalidPeerKeyException {
        KeyExchange ke = sa.keyExchange;
        byte[] shared = ke.sharedSecret(peerPublic);
        IkeProposalSpec p = sa.proposal;
        sa.prf = Prf.of(p.prfId());
        int encrLen = SkCiphers.encryptionKeyLength(p.encryptionId(), p.encryptionKeyBits());
        int integLen = SkCiphers.integrityKeyLength(p.integrityId());
        sa.keys = IkeSaKeys.derive(sa.prf, sa.ni, sa.nr, shared, sa.spiI, sa.spiR, integLen, encrLen);
        Arrays.fill(shared, (byte) 0);
        var initiatorToResponder = SkCiphers.create(p.encryptionId(), p.encryptionKeyBits(), p.integrityId(),
                sa.keys.skEi(), sa.keys.skAi(), engine.ctx.random());
        var responderToInitiator = SkCiphers.create(p.encryptionId(), p.encryptionKeyBits(), p.integrityId(),
                sa.keys.skEr(), sa.keys.skAr(), engine.ctx.random());
        sa.sendCipher = sa.originalInitiator ? initiatorToResponder : responderToInitiator;
        sa.receiveCipher = sa.originalInitiator ? responderToInitiator : initiatorToResponder;
        sa.keyExchange = null;
    }

    static byte[] nonce(IkeEngine engine) {
        byte[] n = new byte[NONCE_LENGTH];
        engine.ctx.random().nextBytes(n);
        return n;
    }

    /** The distinct DH groups of a peer's proposals, in order. */
    static Set<Integer> groups(PeerConfig peer) {
        Set<Integer> s = new LinkedHashSet<>();
        peer.ikeProposals().forEach(p -> s.add(p.dhGroup()));
        return s;
    }
}
