package org.jiked.wire.payload;

import java.util.List;
import org.jiked.wire.PayloadType;

/** Delete payload (RFC 7296 section 3.11). For IKE the SPI size is 0 and there are no SPIs. */
public record DeletePayload(int protocolId, int spiSize, List<byte[]> spis) implements Payload {
    public DeletePayload {
        spis = spis.stream().map(byte[]::clone).toList();
    }

    @Override
    public int type() {
        return PayloadType.DELETE;
    }
}
