package org.jiked.ike;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters for {@code show security ike stats}. Each bad input the engine drops is counted here
 * by its reason, so floods and broken peers are visible without reading logs. {@code ike-sa-rekeyed}
 * and {@code child-sa-rekeyed} count every completed rekey, whoever started it; the
 * {@code -rekeys-initiated} ones only those this side started whose new SA took over.
 */
public final class IkeStats {
    private final Map<String, AtomicLong> counters = new LinkedHashMap<>();

    public IkeStats() {
        for (String name : new String[] {
                "in-packets", "out-packets", "in-ike-sa-init-requests", "ike-sa-established", "ike-sa-failed",
                "child-sa-established", "child-sa-failed", "retransmits-sent", "retransmits-answered",
                "auth-failures", "no-proposal-chosen", "invalid-ke-sent", "invalid-ke-received",
                "ts-unacceptable", "invalid-syntax-sent", "decode-errors", "integrity-failures", "invalid-spi", "invalid-message-id",
                "unexpected-messages", "requests-refused", "ignored-payloads", "deletes-received", "deletes-sent", "timeouts",
                // lifecycle
                "ike-sa-rekeyed", "child-sa-rekeyed", "ike-sa-rekeys-initiated", "child-sa-rekeys-initiated",
                "ike-rekey-collisions", "child-rekey-collisions",
                "ike-sa-reauthentications", "dpd-checks-sent", "dpd-failures", "messages-fragmented",
                "messages-reassembled", "fragments-received", "fragments-dropped", "fragments-timed-out",
                "nat-keepalives-sent", "peer-address-changes",
                // certificate failures by reason
                "cert-missing", "cert-invalid", "cert-expired", "cert-untrusted", "cert-revoked", "cert-chain-too-long",
                "crl-unavailable", "id-mismatch",
                // protections (security ike session)
                "cookies-sent", "cookies-accepted", "cookies-invalid", "half-open-max-count-drops",
                "half-open-duplicate-drops", "backoff-drops", "rate-limited-refusals", "rate-limited-drops", "peers-blocked",
                "peers-failed"}) {
            counters.put(name, new AtomicLong());
        }
    }

    public void increment(String name) {
        AtomicLong c;
        synchronized (counters) {
            c = counters.computeIfAbsent(name, n -> new AtomicLong());
        }
        c.incrementAndGet();
    }

    public long get(String name) {
        synchronized (counters) {
            AtomicLong c = counters.get(name);
            return c == null ? 0 : c.get();
        }
    }

    /** A copy of every counter, in a stable order. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new LinkedHashMap<>();
        synchronized (counters) {
            counters.forEach((k, v) -> out.put(k, v.get()));
        }
        return out;
    }
}
