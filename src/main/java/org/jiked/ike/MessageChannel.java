package org.jiked.ike;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.jiked.wire.DecryptedFragment;
import org.jiked.wire.EncryptedPayloadCipher;
import org.jiked.wire.ExchangeType;
import org.jiked.wire.IkeDecodeException;
import org.jiked.wire.IkeHeader;
import org.jiked.wire.IkeMessage;
import org.jiked.wire.IkeMessageCodec;
import org.jiked.wire.NotifyType;
import org.jiked.wire.payload.EncryptedFragmentPayload;
import org.jiked.wire.payload.EncryptedPayload;
import org.jiked.wire.payload.NotifyPayload;
import org.jiked.wire.payload.Payload;
import org.jiked.wire.payload.UnknownPayload;

/**
 * The protected message layer of an IKE SA (RFC 7296 sections 2.1-2.3): one request of ours in
 * flight (a window of one), retransmission with backoff, the peer's requests in message-ID order,
 * and the last response cached so a retransmitted request is answered without processing it twice.
 * This is the only place that turns an {@link IkeProtocolException} into an error notify.
 */
final class MessageChannel {
    private final IkeEngine engine;

    MessageChannel(IkeEngine engine) {
        this.engine = engine;
    }

    void handleProtected(IkeSa sa, InetSocketAddress local, InetSocketAddress remote, IkeHeader header,
                         byte[] datagram) throws IkeDecodeException {
        if (sa.receiveCipher == null) {
            engine.stats.increment("unexpected-messages");
            return;
        }
        if (header.isResponse()) {
            handleResponse(sa, local, remote, header, datagram);
        } else {
            handleRequest(sa, local, remote, header, datagram);
        }
    }

    private void handleResponse(IkeSa sa, InetSocketAddress local, InetSocketAddress remote, IkeHeader header,
                                byte[] datagram)
            throws IkeDecodeException {
        IkeSa.OutstandingRequest out = sa.outstanding;
        if (out == null || out.messageId != header.messageId()) {
            engine.stats.increment("invalid-message-id");
            return;
        }
        List<Payload> payloads = open(sa, header, datagram);
        if (payloads == null) {
            return;
        }
        followPeer(sa, local, remote);
        sa.lastInboundMillis = engine.now();
        sa.outstanding = null;
        try {
            out.exchange.processResponse(sa, payloads);
        } catch (IkeProtocolException e) {
            engine.log("warning", sa, out.exchange.describe() + " failed: " + e.getMessage());
            if (e.fatal()) {
                if (out.exchange instanceof IkeAuth.Initiator) {
                    engine.peerFailed(sa, "IKE_AUTH", failureReason(e), e.getMessage());
                }
                if (e.notifyType() != 0
                        && (sa.state == IkeSa.State.ESTABLISHED || sa.state == IkeSa.State.AUTH_SENT)) {
                    // tell the peer, once and without waiting, why the SA is abandoned
                    sendUnsolicitedNotify(sa, e.toNotify());
                }
                engine.stats.increment("ike-sa-failed");
                engine.destroy(sa);
                return;
            }
        }
        sendNext(sa);
    }

    private void handleRequest(IkeSa sa, InetSocketAddress local, InetSocketAddress remote, IkeHeader header,
                               byte[] datagram) throws IkeDecodeException {
        long id = header.messageId();
        if (id == sa.lastResponseId && sa.lastResponse != null) {
            // a retransmission: answer from the cache, after checking it is genuine
            if (isGenuineRetransmission(sa, datagram)) {
                engine.stats.increment("retransmits-answered");
                send(sa, sa.lastResponse);
            }
            return;
        }
        if (id != sa.expectedPeerRequestId) {
            engine.stats.increment("invalid-message-id");
            return;
        }
        boolean acceptable = header.exchangeType() == ExchangeType.IKE_AUTH
                ? sa.state == IkeSa.State.INIT_DONE
                : sa.state == IkeSa.State.ESTABLISHED || sa.state == IkeSa.State.DELETING;
        if (!acceptable) {
            // Only IKE_AUTH may follow IKE_SA_INIT, and nothing else is taken from a peer before
            // IKE_AUTH has authenticated it: as responder before its request, as initiator
            // before the response (AUTH_SENT). Anything else would bypass authentication.
            engine.stats.increment("unexpected-messages");
            return;
        }
        List<Payload> payloads;
        try {
            payloads = open(sa, header, datagram);
        } catch (IkeDecodeException e) {
            if (e.notifyType() == 0) {
                throw e;
            }
            // authenticated but malformed: answer with the notify, protected (RFC 7296 section 2.21)
            engine.stats.increment("decode-errors");
            respond(sa, header, List.of(NotifyPayload.of(e.notifyType(), e.notifyData())));
            if (sa.state == IkeSa.State.INIT_DONE) {
                engine.peerFailed(sa, "IKE_AUTH", NotifyType.name(e.notifyType()), e.getMessage());
                // that was the IKE_AUTH request: it failed, so no IKE SA is left (section 2.21.2)
                engine.stats.increment("ike-sa-failed");
                engine.destroy(sa);
            }
            return;
        }
        if (payloads == null) {
            return;
        }
        followPeer(sa, local, remote);
        sa.lastInboundMillis = engine.now();
        switch (engine.incomingRates.judge(sa, header.exchangeType(), payloads, engine.now())) {
            case DROP -> {
                // unanswered: the peer's retransmission is taken once the rate allows it again
                engine.stats.increment("rate-limited-drops");
                return;
            }
            case TEMPORARY_FAILURE -> {
                engine.stats.increment("rate-limited-refusals");
                respond(sa, header, List.of(NotifyPayload.of(NotifyType.TEMPORARY_FAILURE)));
                return;
            }
            case PROCESS -> { }
        }
        List<Payload> response;
        boolean fatal = false;
        try {
            response = switch (header.exchangeType()) {
                case ExchangeType.IKE_AUTH -> IkeAuth.processRequest(engine, sa, payloads);
                case ExchangeType.CREATE_CHILD_SA -> CreateChildResponder.processRequest(engine, sa, payloads);
                case ExchangeType.INFORMATIONAL -> Informational.processRequest(engine, sa, payloads);
                default -> throw new IkeProtocolException(NotifyType.INVALID_SYNTAX,
                        "unknown exchange type " + header.exchangeType(), false);
            };
        } catch (IkeProtocolException e) {
            boolean negotiating = sa.state == IkeSa.State.INIT_DONE;
            if (e.notifyType() == 0) {
                // refused without an answer (a blocklist's discard): the half-open SA just goes
                engine.log("warning", sa, ExchangeType.name(header.exchangeType()) + " request discarded: "
                        + e.getMessage());
                if (negotiating) {
                    engine.peerFailed(sa, "IKE_AUTH", failureReason(e), e.getMessage());
                }
                engine.destroy(sa);
                return;
            }
            engine.stats.increment("requests-refused");
            engine.log("warning", sa, ExchangeType.name(header.exchangeType()) + " request refused: "
                    + e.getMessage());
            response = List.of(e.toNotify());
            fatal = e.fatal();
            if (e.notifyType() == NotifyType.AUTHENTICATION_FAILED && header.exchangeType() == ExchangeType.IKE_AUTH) {
                engine.authenticationFailed(sa);
            }
            if (negotiating && fatal) {
                engine.peerFailed(sa, "IKE_AUTH", failureReason(e), e.getMessage());
            }
        }
        respond(sa, header, response);
        if (fatal || sa.state == IkeSa.State.DEAD) {
            engine.destroy(sa);
            return;
        }
        sendNext(sa);
    }

    /** The notify's name, or "discarded" for a refusal that gets no answer. */
    static String failureReason(IkeProtocolException e) {
        return e.notifyType() == 0 ? "discarded" : NotifyType.name(e.notifyType());
    }

    /**
     * RFC 7296 section 2.23: once a NAT is involved, the peer's address and port are those of its
     * latest authenticated message (the initiator floats to 4500, a NAT mapping may change). A
     * move is accepted only from an authenticated message, so a forged packet cannot redirect us.
     */
    private void followPeer(IkeSa sa, InetSocketAddress local, InetSocketAddress remote) {
        if (sa.remote.equals(remote) && sa.local.equals(local)) {
            return;
        }
        // the switch to port 4500 of RFC 7296 section 2.23, seen on our own side (a NAT may map the
        // peer's 4500 to any port)
        boolean floated = local.getPort() == 4500 && sa.local.getPort() == 500
                && remote.getAddress().equals(sa.remote.getAddress());
        if (floated || sa.natLocal || sa.natRemote) {
            engine.log("info", sa, "peer moved from " + sa.remote + " to " + remote);
            if (!floated) {
                engine.stats.increment("peer-address-changes");
            }
            sa.remote = remote;
            sa.local = local;
            for (org.jiked.child.ChildSa c : sa.children) {
                c.endpoints(local, remote);
                engine.ctx.childListener().moved(c);
            }
        }
    }

    private void respond(IkeSa sa, IkeHeader request, List<Payload> payloads) {
        IkeHeader h = IkeHeader.of(sa.spiI, sa.spiR, request.exchangeType(), sa.originalInitiator, true,
                request.messageId());
        List<byte[]> datagrams = seal(sa, h, payloads);
        sa.lastResponse = datagrams;
        sa.lastResponseId = request.messageId();
        sa.expectedPeerRequestId = request.messageId() + 1;
        send(sa, datagrams);
    }

    /**
     * Decodes and decrypts an SK message, or adds an SKF fragment to the SA's reassembly. Returns
     * null when the message must be dropped (bad ICV, no SK payload): such messages are
     * unauthenticated and get no answer (RFC 7296 section 2.21.2); null too while fragments of
     * the message are still missing.
     */
    private List<Payload> open(IkeSa sa, IkeHeader header, byte[] datagram) throws IkeDecodeException {
        IkeMessage outer = decodeOuter(datagram);
        Payload last = outer.payloads().isEmpty() ? null : outer.payloads().getLast();
        try {
            List<Payload> inner;
            if (last instanceof EncryptedPayload) {
                inner = IkeMessageCodec.decrypt(datagram, outer, sa.receiveCipher);
            } else if (last instanceof EncryptedFragmentPayload && sa.fragmentation) {
                DecryptedFragment f = IkeMessageCodec.decryptFragment(datagram, outer, sa.receiveCipher);
                inner = sa.reassembly.add(header.messageId(), header.isResponse(), f, engine.now(), engine.stats);
                if (inner == null) {
                    return null;
                }
            } else {
                engine.stats.increment("unexpected-messages");
                return null;
            }
            List<Payload> known = new ArrayList<>(inner.size());
            for (Payload p : inner) {
                if (!(p instanceof UnknownPayload)) {
                    known.add(p);
                }
            }
            return known;
        } catch (EncryptedPayloadCipher.IntegrityException e) {
            engine.stats.increment("integrity-failures");
            return null;
        }
    }

    /**
     * The outer chain is read before the ICV is checked: whatever is wrong with it may be a
     * forgery, so it is dropped, never answered (RFC 7296 section 2.21.2). Only a decrypted,
     * authenticated chain earns an error notify.
     */
    private static IkeMessage decodeOuter(byte[] datagram) throws IkeDecodeException {
        try {
            return IkeMessageCodec.decode(datagram);
        } catch (IkeDecodeException e) {
            IkeDecodeException drop = IkeDecodeException.drop("unauthenticated: " + e.getMessage());
            drop.initCause(e);
            throw drop;
        }
    }

    /**
     * For a retransmitted request: whether it is genuine and the cached response should go out
     * again. A fragmented request is answered once, on its first fragment (RFC 7383 section 2.6.1),
     * so a retransmitted set of fragments does not draw one response per fragment.
     */
    private boolean isGenuineRetransmission(IkeSa sa, byte[] datagram) throws IkeDecodeException {
        IkeMessage outer = decodeOuter(datagram);
        Payload last = outer.payloads().isEmpty() ? null : outer.payloads().getLast();
        try {
            if (last instanceof EncryptedPayload) {
                IkeMessageCodec.decrypt(datagram, outer, sa.receiveCipher);
                return true;
            }
            if (last instanceof EncryptedFragmentPayload && sa.fragmentation) {
                return IkeMessageCodec.decryptFragment(datagram, outer, sa.receiveCipher).fragmentNumber() == 1;
            }
            return false;
        } catch (EncryptedPayloadCipher.IntegrityException e) {
            engine.stats.increment("integrity-failures");
            return false;
        }
    }

    /**
     * Encodes a protected message, as fragments when both peers support RFC 7383 and the whole
     * message would not fit one packet of the configured size.
     */
    private List<byte[]> seal(IkeSa sa, IkeHeader h, List<Payload> payloads) {
        byte[] whole = IkeMessageCodec.encodeProtected(h, payloads, sa.sendCipher);
        int max = sa.peer.fragmentation().maxMessageSize(sa.remote);
        if (!sa.fragmentation || whole.length <= max) {
            return List.of(whole);
        }
        try {
            List<byte[]> fragments = IkeMessageCodec.encodeProtectedFragments(h, payloads, sa.sendCipher, max);
            engine.stats.increment("messages-fragmented");
            return fragments;
        } catch (IllegalArgumentException e) {
            // more than 32 fragments: send it whole and let IP fragment it
            engine.log("warning", sa, "message of " + whole.length + " octets needs more than 32 fragments");
            return List.of(whole);
        }
    }

    /** Queues an exchange; it is sent when no other request of ours is in flight. */
    void queue(IkeSa sa, Exchange exchange) {
        sa.queued.add(exchange);
        sendNext(sa);
    }

    void sendNext(IkeSa sa) {
        while (sa.outstanding == null && !sa.queued.isEmpty() && sa.state != IkeSa.State.DEAD) {
            Exchange x = sa.queued.poll();
            List<Payload> payloads;
            try {
                payloads = x.buildRequest(sa);
            } catch (IkeProtocolException e) {
                engine.log("warning", sa, x.describe() + " not started: " + e.getMessage());
                continue;
            }
            if (payloads == null) {
                continue;
            }
            long id = sa.nextRequestId++;
            IkeHeader h = IkeHeader.of(sa.spiI, sa.spiR, x.exchangeType(), sa.originalInitiator, false, id);
            List<byte[]> datagrams = seal(sa, h, payloads);
            sa.outstanding = new IkeSa.OutstandingRequest(x, id, datagrams,
                    engine.now() + x.retransmit(sa).timeout(0));
            send(sa, datagrams);
        }
    }

    /** Starts the first request of a fresh SA (IKE_SA_INIT's follow-up), keeping the retransmit logic in one place. */
    void sendInitial(IkeSa sa, Exchange exchange, long messageId, byte[] datagram) {
        sa.outstanding = new IkeSa.OutstandingRequest(exchange, messageId, List.of(datagram),
                engine.now() + sa.peer.retransmit().timeout(0));
        send(sa, datagram);
    }

    void retransmitIfDue(IkeSa sa, long now) {
        IkeSa.OutstandingRequest out = sa.outstanding;
        if (out == null || now < out.deadlineMillis) {
            return;
        }
        RetransmitSettings r = out.exchange.retransmit(sa);
        if (out.attempts >= r.retries()) {
            engine.log("warning", sa, out.exchange.describe() + ": no response after " + (out.attempts + 1)
                    + " transmissions, peer " + sa.remote + " is unreachable");
            engine.stats.increment("timeouts");
            if (sa.state == IkeSa.State.INIT_SENT || sa.state == IkeSa.State.AUTH_SENT) {
                engine.peerFailed(sa, sa.state == IkeSa.State.INIT_SENT ? "IKE_SA_INIT" : "IKE_AUTH", "timeout",
                        "no response to " + out.exchange.describe() + " after " + (out.attempts + 1) + " transmissions");
            }
            sa.outstanding = null;
            out.exchange.timedOut(sa);
            engine.destroy(sa);
            return;
        }
        out.attempts++;
        out.deadlineMillis = now + r.timeout(out.attempts);
        engine.stats.increment("retransmits-sent");
        send(sa, out.datagrams);
    }

    void send(IkeSa sa, List<byte[]> datagrams) {
        for (byte[] d : datagrams) {
            send(sa, d);
        }
    }

    void send(IkeSa sa, byte[] datagram) {
        send(sa.local, sa.remote, datagram);
    }

    void send(InetSocketAddress local, InetSocketAddress remote, byte[] datagram) {
        engine.stats.increment("out-packets");
        engine.ctx.transport().send(local, remote, datagram);
    }

    /**
     * A one-way INFORMATIONAL request carrying a notify, sent without retransmission when the
     * SA is being abandoned (e.g. AUTHENTICATION_FAILED from the initiator).
     */
    void sendUnsolicitedNotify(IkeSa sa, NotifyPayload notify) {
        sendOneShot(sa, List.of(notify));
    }

    void sendUnsolicitedDelete(IkeSa sa) {
        engine.stats.increment("deletes-sent");
        sendOneShot(sa, List.of(new org.jiked.wire.payload.DeletePayload(org.jiked.wire.ProtocolId.IKE, 0, List.of())));
    }

    private void sendOneShot(IkeSa sa, List<Payload> payloads) {
        if (sa.sendCipher == null) {
            return;
        }
        long id = sa.nextRequestId++;
        IkeHeader h = IkeHeader.of(sa.spiI, sa.spiR, ExchangeType.INFORMATIONAL, sa.originalInitiator, false, id);
        send(sa, seal(sa, h, payloads));
    }
}
