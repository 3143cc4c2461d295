package org.jiked.ike;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.jiked.wire.NotifyType;
import org.jiked.wire.payload.NotifyPayload;

/**
 * NAT detection (RFC 7296 section 2.23): SHA-1 over SPIi | SPIr | IP address | port of each end.
 * A hash that does not match the address we see means a NAT sits on that side of the path.
 */
public final class NatDetection {
    private NatDetection() {}

    public static byte[] hash(long spiI, long spiR, InetSocketAddress endpoint) {
        byte[] ip = endpoint.getAddress().getAddress();
        ByteBuffer b = ByteBuffer.allocate(16 + ip.length + 2);
        b.putLong(spiI).putLong(spiR).put(ip).putShort((short) endpoint.getPort());
        try {
            return MessageDigest.getInstance("SHA-1").digest(b.array());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every JDK", e);
        }
    }

    static NotifyPayload source(long spiI, long spiR, InetSocketAddress local) {
        return NotifyPayload.of(NotifyType.NAT_DETECTION_SOURCE_IP, hash(spiI, spiR, local));
    }

    static NotifyPayload destination(long spiI, long spiR, InetSocketAddress remote) {
        return NotifyPayload.of(NotifyType.NAT_DETECTION_DESTINATION_IP, hash(spiI, spiR, remote));
    }

    /**
     * Compares the peer's NAT notifies with the addresses we see and records on the SA which side
     * is behind a NAT. Without the notifies the peer does not do NAT-T and nothing changes.
     */
    static void evaluate(IkeSa sa, org.jiked.wire.IkeMessage message) {
        evaluate(sa, message, sa.spiR);
    }

    /**
     * As above, with the responder SPI the hashes were computed with: 0 in the IKE_SA_INIT request,
     * the real one in the response.
     */
    static void evaluate(IkeSa sa, org.jiked.wire.IkeMessage message, long spiR) {
        var src = message.all(NotifyPayload.class).stream()
                .filter(n -> n.notifyType() == NotifyType.NAT_DETECTION_SOURCE_IP).toList();
        var dst = message.notify(NotifyType.NAT_DETECTION_DESTINATION_IP);
        if (src.isEmpty() || dst.isEmpty()) {
            return;
        }
        byte[] expectedRemote = hash(sa.spiI, spiR, sa.remote);
        sa.natRemote = src.stream().noneMatch(n -> MessageDigest.isEqual(n.data(), expectedRemote));
        sa.natLocal = !MessageDigest.isEqual(dst.get().data(), hash(sa.spiI, spiR, sa.local));
    }
}
