package org.jiked.esp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Gateway-wide data-plane counters: packets and octets each way, and drops by reason. Written by
 * the pump threads, read by {@code show security ipsec statistics}; LongAdder keeps the writers
 * from contending.
 */
public final class EspStatistics {
    private final LongAdder encryptedPackets = new LongAdder();
    private final LongAdder encryptedBytes = new LongAdder();
    private final LongAdder decryptedPackets = new LongAdder();
    private final LongAdder decryptedBytes = new LongAdder();
    private final LongAdder[] drops = new LongAdder[EspDrop.values().length];

    public EspStatistics() {
        for (int i = 0; i < drops.length; i++) {
            drops[i] = new LongAdder();
        }
    }

    public void encrypted(int innerLength) {
        encryptedPackets.increment();
        encryptedBytes.add(innerLength);
    }

    public void decrypted(int innerLength) {
        decryptedPackets.increment();
        decryptedBytes.add(innerLength);
    }

    /** {@code packets} decrypted packets of {@code bytes} octets in all, delivered as one. */
    public void decrypted(int packets, long bytes) {
        decryptedPackets.add(packets);
        decryptedBytes.add(bytes);
    }

    /** The same drop {@code count} times (the packets of one failed super-packet). */
    public void drop(EspDrop reason, int count) {
        drops[reason.ordinal()].add(count);
    }

    public void drop(EspDrop reason) {
        drops[reason.ordinal()].increment();
    }

    public long drops(EspDrop reason) {
        return drops[reason.ordinal()].sum();
    }

    /** Every counter by its shown name, in a fixed order. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("encrypted-packets", encryptedPackets.sum());
        m.put("encrypted-bytes", encryptedBytes.sum());
        m.put("decrypted-packets", decryptedPackets.sum());
        m.put("decrypted-bytes", decryptedBytes.sum());
        for (EspDrop d : EspDrop.values()) {
            m.put("dropped-" + d.label(), drops[d.ordinal()].sum());
        }
        return m;
    }
}
