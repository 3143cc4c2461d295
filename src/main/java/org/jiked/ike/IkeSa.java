package org.jiked.ike;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jiked.child.ChildSa;
import org.jiked.crypto.IkeSaKeys;
import org.jiked.crypto.KeyExchange;
import org.jiked.crypto.Prf;
import org.jiked.wire.EncryptedPayloadCipher;

/**
 * The state of one IKE SA (RFC 7296 section 2). Owned by one engine thread; nothing here is
 * synchronized. The exchange logic lives in the exchange classes; this is the data they share.
 */
final class IkeSa {
    /** Where the IKE SA is in its life. */
    enum State {
        /** Initiator: IKE_SA_INIT request sent. */
        INIT_SENT,
        /** Responder: IKE_SA_INIT answered, waiting for IKE_AUTH (half-open). */
        INIT_DONE,
        /** Initiator: IKE_AUTH request sent. */
        AUTH_SENT,
        ESTABLISHED,
        DELETING,
        DEAD
    }

    private final IkeEngine engine;
    final int index;
    final boolean originalInitiator;
    /** The gateway; a dynamic gateway's SA may move to another dynamic gateway once IDi is known. */
    PeerConfig peer;
    /** The dynamic gateway whose connections-limit this SA counts against, or null. */
    PeerConfig countedPeer;
    final long createdMillis;
    long spiI;
    long spiR;
    InetSocketAddress local;
    InetSocketAddress remote;
    State state;

    // IKE_SA_INIT results
    IkeProposalSpec proposal;
    KeyExchange keyExchange;
    byte[] ni;
    byte[] nr;
    byte[] cookie;
    byte[] initRequest;
    byte[] initResponse;
    Prf prf;
    IkeSaKeys keys;
    EncryptedPayloadCipher sendCipher;
    EncryptedPayloadCipher receiveCipher;
    boolean natLocal;
    boolean natRemote;
    int initAttempts;
    /** Responder: counted by the engine's {@link HalfOpenGuard} until IKE_AUTH ends. */
    boolean halfOpen;
    long halfOpenDeadlineMillis;
    java.net.InetAddress halfOpenAddress;
    /** Responder: where IKE_SA_INIT came from, the key of the engine's table of responder SAs. */
    InetSocketAddress initRemote;
    /** When the engine's timer queue next looks at this SA; 0 when no wake-up is queued. */
    long wakeMillis;

    // message IDs and the window of one (RFC 7296 section 2.3)
    long nextRequestId;
    long expectedPeerRequestId;
    OutstandingRequest outstanding;
    final Deque<Exchange> queued = new ArrayDeque<>();
    List<byte[]> lastResponse;
    /** Both peers announced IKEV2_FRAGMENTATION_SUPPORTED (RFC 7383 section 2.3). */
    boolean fragmentation;
    final FragmentReassembly reassembly = new FragmentReassembly();
    long lastResponseId = -1;

    Identity peerIdentity;
    /** The ID the peer presented in IKE_AUTH, before it is authenticated: for the failed-peers table. */
    Identity claimedIdentity;
    /** The negotiation failed and is in the failed-peers table: a later teardown does not add it again. */
    boolean failureRecorded;
    long establishedMillis;
    long expiresMillis;
    /** When this side starts a rekey: before the lifetime ends, with jitter so both peers do not start at once. */
    long rekeyAtMillis;
    boolean rekeyPending;
    /** Set when the peer rekeyed this IKE SA while our own rekey of it was in flight. */
    IkeRekey.Collision ikeRekeyCollision;
    /** IKE rekeys since the last authentication, for {@code reauth-frequency}. */
    int rekeyCount;
    /** The IKE SA this one reauthenticates; it is deleted once this one and its CHILD_SAs are up. */
    IkeSa replaces;
    final List<ChildSa> children = new ArrayList<>();
    /** Children configured to start with this IKE SA that are not yet negotiated. */
    final Deque<ChildConfig> pendingChildren = new ArrayDeque<>();
    long lastInboundMillis;
    // dead peer detection: when traffic was last looked at, and the packet counts seen then
    long dpdCheckedMillis;
    long dpdInboundPackets;
    long dpdOutboundPackets;
    long lastKeepaliveMillis;

    IkeSa(IkeEngine engine, int index, boolean originalInitiator, PeerConfig peer, long nowMillis) {
        this.engine = engine;
        this.index = index;
        this.originalInitiator = originalInitiator;
        this.peer = peer;
        this.createdMillis = nowMillis;
        this.lastInboundMillis = nowMillis;
    }

    IkeEngine engine() {
        return engine;
    }

    /** Our own SPI: how the peer's messages find this SA. */
    long localSpi() {
        return originalInitiator ? spiI : spiR;
    }

    boolean isEstablished() {
        return state == State.ESTABLISHED;
    }

    ChildSa childByInboundSpi(int spi) {
        for (ChildSa c : children) {
            if (c.inboundSpi() == spi) {
                return c;
            }
        }
        return null;
    }

    ChildSa childByOutboundSpi(int spi) {
        for (ChildSa c : children) {
            if (c.outboundSpi() == spi) {
                return c;
            }
        }
        return null;
    }

    /** A request we sent and whose response we wait for. */
    static final class OutstandingRequest {
        final Exchange exchange;
        final long messageId;
        /** The request as sent: one datagram, or its RFC 7383 fragments. */
        final List<byte[]> datagrams;
        int attempts;
        long deadlineMillis;

        OutstandingRequest(Exchange exchange, long messageId, List<byte[]> datagrams, long deadlineMillis) {
            this.exchange = exchange;
            this.messageId = messageId;
            this.datagrams = List.copyOf(datagrams);
            this.deadlineMillis = deadlineMillis;
        }
    }

    @Override
    public String toString() {
        return String.format("IKE SA %d %016x:%016x %s", index, spiI, spiR, remote);
    }
}
