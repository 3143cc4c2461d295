package org.jiked.wire.payload;

import java.net.InetAddress;
import java.util.List;
import org.jiked.wire.PayloadType;

/** Traffic Selector payload, TSi or TSr (RFC 7296 section 3.13). */
public record TsPayload(boolean responder, List<TrafficSelector> selectors) implements Payload {
    public TsPayload {
        selectors = List.copyOf(selectors);
    }

    @Override
    public int type() {
        return responder ? PayloadType.TSR : PayloadType.TSI;
    }

    /**
     * One selector. {@code tsType} is {@link org.jiked.wire.TsType#TS_IPV4_ADDR_RANGE} or
     * {@link org.jiked.wire.TsType#TS_IPV6_ADDR_RANGE}; protocol 0 means any; ports 0..65535 any.
     */
    public record TrafficSelector(int tsType, int ipProtocol, int startPort, int endPort,
                                  InetAddress startAddress, InetAddress endAddress) {}
}
