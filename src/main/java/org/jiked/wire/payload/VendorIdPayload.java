package org.jiked.wire.payload;

import org.jiked.wire.PayloadType;

/** Vendor ID payload (RFC 7296 section 3.12). */
public record VendorIdPayload(byte[] vendorId) implements Payload {
    public VendorIdPayload {
        vendorId = vendorId.clone();
    }

    @Override
    public int type() {
        return PayloadType.VENDOR_ID;
    }
}
