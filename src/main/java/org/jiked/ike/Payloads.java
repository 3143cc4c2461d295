package org.jiked.ike;

import java.util.List;
import java.util.Optional;
import org.jiked.wire.NotifyType;
import org.jiked.wire.payload.NotifyPayload;
import org.jiked.wire.payload.Payload;

/** Lookups over a decrypted payload list. */
final class Payloads {
    private Payloads() {}

    static <T extends Payload> Optional<T> first(List<Payload> payloads, Class<T> kind) {
        return payloads.stream().filter(kind::isInstance).map(kind::cast).findFirst();
    }

    static <T extends Payload> List<T> all(List<Payload> payloads, Class<T> kind) {
        return payloads.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    static <T extends Payload> T require(List<Payload> payloads, Class<T> kind, String what, boolean fatal)
            throws IkeProtocolException {
        return first(payloads, kind).orElseThrow(() -> new IkeProtocolException(NotifyType.INVALID_SYNTAX,
                "missing " + what + " payload", fatal));
    }

    static Optional<NotifyPayload> notify(List<Payload> payloads, int type) {
        return all(payloads, NotifyPayload.class).stream().filter(n -> n.notifyType() == type).findFirst();
    }
}
