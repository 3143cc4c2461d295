package org.jiked.ike;

import java.util.List;
import org.jiked.wire.payload.Payload;

/**
 * One exchange that jiked initiates over an established or authenticating IKE SA: the request it
 * builds and what it does with the response (charon's task halves build_i / process_i). The
 * responder halves live in the matching responder classes.
 */
interface Exchange {
    int exchangeType();

    List<Payload> buildRequest(IkeSa sa) throws IkeProtocolException;

    void processResponse(IkeSa sa, List<Payload> response) throws IkeProtocolException;

    /** How this request is retransmitted; dead peer detection checks use their own interval and threshold. */
    default RetransmitSettings retransmit(IkeSa sa) {
        return sa.peer.retransmit();
    }

    /** The request was retransmitted until the retries ran out. */
    default void timedOut(IkeSa sa) {}

    String describe();
}
