package org.jiked.ike;

/**
 * One line of {@code show security ike peers failed}: a negotiation with a peer that did not end
 * in an IKE SA (or, for a CHILD_SA refused in IKE_AUTH, in its tunnel).
 *
 * @param address the peer's address as it was when the negotiation failed
 * @param port the peer's UDP port
 * @param ikeId the IKE ID the peer presented, or "" when it failed before IKE_AUTH
 * @param gateway the gateway the negotiation ran under
 * @param role our role: "initiator" or "responder"
 * @param phase where it failed: IKE_SA_INIT, IKE_AUTH or CHILD_SA
 * @param reason the error notify, or what went wrong when there was none ("timeout", "discarded")
 * @param detail the engine's explanation
 * @param wallMillis when, in wall-clock milliseconds since the epoch
 */
public record FailedPeer(String address, int port, String ikeId, String gateway, String role, String phase,
                         String reason, String detail, long wallMillis) {}
