package org.jiked.ike;

import java.util.ArrayList;
import java.util.List;
import org.jiked.child.ChildSa;
import org.jiked.wire.ExchangeType;
import org.jiked.wire.NotifyType;
import org.jiked.wire.ProtocolId;
import org.jiked.wire.payload.DeletePayload;
import org.jiked.wire.payload.NotifyPayload;
import org.jiked.wire.payload.Payload;

/**
 * INFORMATIONAL exchanges (RFC 7296 sections 1.4 and 2.4): Delete of the IKE SA or of CHILD_SAs,
 * and the empty request that checks liveness.
 */
final class Informational {
    private Informational() {}

    /** Deletes the whole IKE SA; the SA is gone once the peer answers or stops answering. */
    static Exchange deleteIke() {
        return new Exchange() {
            @Override
            public int exchangeType() {
                return ExchangeType.INFORMATIONAL;
            }

            @Override
            public List<Payload> buildRequest(IkeSa sa) {
                sa.engine().stats.increment("deletes-sent");
                return List.of(new DeletePayload(ProtocolId.IKE, 0, List.of()));
            }

            @Override
            public void processResponse(IkeSa sa, List<Payload> response) {
                sa.engine().log("info", sa, "IKE SA deleted");
                sa.engine().destroy(sa);
            }

            @Override
            public void timedOut(IkeSa sa) {
                sa.engine().log("info", sa, "IKE SA deleted (peer did not confirm)");
            }

            @Override
            public String describe() {
                return "IKE SA delete";
            }
        };
    }

    /** Deletes one CHILD_SA by its inbound SPI (RFC 7296 section 1.4.1). */
    static Exchange deleteChild(ChildSa child) {
        return new Exchange() {
            @Override
            public int exchangeType() {
                return ExchangeType.INFORMATIONAL;
            }

            @Override
            public List<Payload> buildRequest(IkeSa sa) {
                if (child.state() == ChildSa.State.DELETED) {
                    return null;
                }
                sa.engine().stats.increment("deletes-sent");
                return List.of(new DeletePayload(ProtocolId.ESP, 4,
                        List.of(ProposalSelector.spiBytes(child.inboundSpi()))));
            }

            @Override
            public void processResponse(IkeSa sa, List<Payload> response) {
                sa.engine().log("info", sa, "CHILD_SA " + child + " deleted");
                sa.engine().removeChild(sa, child);
                sa.children.remove(child);
            }

            @Override
            public String describe() {
                return "CHILD_SA delete " + child.name();
            }
        };
    }

    /**
     * An empty INFORMATIONAL request: the peer's answer proves it is alive. Sent by dead peer
     * detection with its interval and threshold; no answer at all clears the SAs.
     */
    static Exchange liveness(DpdSettings dpd) {
        return new Exchange() {
            @Override
            public RetransmitSettings retransmit(IkeSa sa) {
                return dpd.retransmit();
            }

            @Override
            public void timedOut(IkeSa sa) {
                sa.engine().stats.increment("dpd-failures");
                sa.engine().log("warning", sa, "peer " + sa.remote.getAddress().getHostAddress()
                        + " is dead: " + dpd.threshold() + " liveness checks unanswered");
            }

            @Override
            public int exchangeType() {
                return ExchangeType.INFORMATIONAL;
            }

            @Override
            public List<Payload> buildRequest(IkeSa sa) {
                return List.of();
            }

            @Override
            public void processResponse(IkeSa sa, List<Payload> response) {}

            @Override
            public String describe() {
                return "liveness check";
            }
        };
    }

    static List<Payload> processRequest(IkeEngine engine, IkeSa sa, List<Payload> request) {
        List<byte[]> deletedInbound = new ArrayList<>();
        for (Payload p : request) {
            if (p instanceof DeletePayload d) {
                engine.stats.increment("deletes-received");
                if (d.protocolId() == ProtocolId.IKE) {
                    engine.log("info", sa, "peer deleted the IKE SA");
                    sa.state = IkeSa.State.DEAD;
                    return List.of();
                }
                if (d.protocolId() != ProtocolId.ESP || d.spiSize() != 4) {
                    continue;
                }
                for (byte[] spi : d.spis()) {
                    ChildSa c = sa.childByOutboundSpi(ProposalSelector.readSpi(spi));
                    if (c == null) {
                        continue;
                    }
                    // a delete crossing our own: we still answer with our SPI (RFC 7296 section 1.4.1)
                    deletedInbound.add(ProposalSelector.spiBytes(c.inboundSpi()));
                    engine.log("info", sa, "peer deleted CHILD_SA " + c);
                    engine.removeChild(sa, c);
                    sa.children.remove(c);
                }
            } else if (p instanceof NotifyPayload n && n.notifyType() == NotifyType.AUTHENTICATION_FAILED) {
                engine.log("warning", sa, "peer reports AUTHENTICATION_FAILED");
                engine.stats.increment("auth-failures");
                sa.state = IkeSa.State.DEAD;
                return List.of();
            } else {
                // SA, KE, TS, AUTH, other notifies: meaningless here, so they change nothing
                engine.stats.increment("ignored-payloads");
            }
        }
        if (deletedInbound.isEmpty()) {
            return List.of();
        }
        return List.of(new DeletePayload(ProtocolId.ESP, 4, deletedInbound));
    }
}
