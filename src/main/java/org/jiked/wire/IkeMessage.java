package org.jiked.wire;

import java.util.List;
import java.util.Optional;
import org.jiked.wire.payload.NotifyPayload;
import org.jiked.wire.payload.Payload;

/**
 * An IKE message: header plus the payload chain in wire order. For a protected message as
 * decoded, the last payload is an {@link org.jiked.wire.payload.EncryptedPayload} still sealed;
 * {@link IkeMessageCodec#decrypt} opens it.
 */
public record IkeMessage(IkeHeader header, List<Payload> payloads) {
    public IkeMessage {
        payloads = List.copyOf(payloads);
    }

    @SuppressWarnings("unchecked")
    public <T extends Payload> List<T> all(Class<T> kind) {
        return (List<T>) payloads.stream().filter(kind::isInstance).toList();
    }

    public <T extends Payload> Optional<T> first(Class<T> kind) {
        return payloads.stream().filter(kind::isInstance).map(kind::cast).findFirst();
    }

    public Optional<NotifyPayload> notify(int notifyType) {
        return all(NotifyPayload.class).stream().filter(n -> n.notifyType() == notifyType).findFirst();
    }
}
