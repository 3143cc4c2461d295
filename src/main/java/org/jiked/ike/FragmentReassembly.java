package org.jiked.ike;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.jiked.wire.DecryptedFragment;
import org.jiked.wire.IkeDecodeException;
import org.jiked.wire.IkeMessageCodec;
import org.jiked.wire.payload.Payload;

/**
 * Collects the fragments of one IKE message (RFC 7383 section 2.6). Each fragment arrives already
 * authenticated and decrypted. One message is collected at a time per IKE SA, with at most
 * {@link #MAX_FRAGMENTS} fragments and {@link #MAX_BYTES} octets in all, and a collection that
 * does not complete within {@link #TIMEOUT_MILLIS} is dropped: memory per SA stays bounded
 * whatever a peer sends.
 */
final class FragmentReassembly {
    static final int MAX_FRAGMENTS = 32;
    static final int MAX_BYTES = 64 * 1024;
    static final long TIMEOUT_MILLIS = 30_000;

    private long messageId = -1;
    private boolean response;
    private byte[][] parts;
    private int received;
    private int bytes;
    private int firstInnerType;
    private long startedMillis;

    /**
     * Adds one fragment. Returns the whole message's payloads once the last fragment is in, null
     * while fragments are missing or when the fragment had to be dropped.
     *
     * @throws IkeDecodeException when the reassembled payload chain is malformed
     */
    List<Payload> add(long id, boolean isResponse, DecryptedFragment f, long now, IkeStats stats)
            throws IkeDecodeException {
        int total = f.totalFragments();
        if (total > MAX_FRAGMENTS || f.fragmentNumber() < 1 || f.fragmentNumber() > total) {
            stats.increment("fragments-dropped");
            return null;
        }
        if (id != messageId || isResponse != response || parts == null || total != parts.length) {
            // a new message, or a retransmission cut differently (RFC 7383 section 2.6.2): start over
            reset();
            messageId = id;
            response = isResponse;
            parts = new byte[total][];
            startedMillis = now;
        }
        int i = f.fragmentNumber() - 1;
        if (parts[i] != null) {
            return null;
        }
        if (bytes + f.content().length > MAX_BYTES) {
            stats.increment("fragments-dropped");
            reset();
            return null;
        }
        parts[i] = f.content();
        bytes += parts[i].length;
        received++;
        stats.increment("fragments-received");
        if (i == 0) {
            firstInnerType = f.firstInnerType();
        }
        if (received < parts.length) {
            return null;
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream(bytes);
        for (byte[] p : parts) {
            all.writeBytes(p);
        }
        int first = firstInnerType;
        reset();
        stats.increment("messages-reassembled");
        return IkeMessageCodec.decodeChain(first, all.toByteArray());
    }

    /** Whether fragments of a message are waiting for the rest (the engine then polls {@link #expire}). */
    boolean isCollecting() {
        return parts != null;
    }

    /** Drops a collection that has waited too long for its last fragment. */
    void expire(long now, IkeStats stats) {
        if (parts != null && now - startedMillis > TIMEOUT_MILLIS) {
            stats.increment("fragments-timed-out");
            reset();
        }
    }

    private void reset() {
        messageId = -1;
        parts = null;
        received = 0;
        bytes = 0;
        firstInnerType = 0;
    }
}
