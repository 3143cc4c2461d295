package org.jiked.esp;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The single-thread ceiling of jiked's own ESP encryption (AES-256-GCM, what the pump does per
 * packet minus the syscalls), for the benchmark to set beside OpenSSL's.
 */
public final class EspBench {
    private EspBench() {}

    /**
     * Inner megabytes (10^6) per second that one thread encrypts in packets of {@code size} octets,
     * measured for {@code duration} after as long again of warm-up for the JIT.
     */
    public static double encryptMegabytesPerSecond(int size, Duration duration) {
        run(size, duration);
        return run(size, duration);
    }

    private static double run(int size, Duration duration) {
        EspTransform gcm256 = new EspTransform(org.jiked.wire.TransformType.ENCR_AES_GCM_16, 256, 0);
        EspSa sa = EspSa.outbound(0x1234, gcm256, false, new byte[36], null, new AtomicLong(), new AtomicLong());
        ByteBuffer inner = ByteBuffer.allocateDirect(size + 64);
        ByteBuffer out = ByteBuffer.allocateDirect(size + 256);
        inner.put(0, (byte) 0x45);
        long bytes = 0;
        long end = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();
        while (System.nanoTime() < end) {
            for (int i = 0; i < 256; i++) {
                inner.clear().limit(size);
                out.clear();
                EspCodec.encrypt(sa, inner, out);
                bytes += size;
            }
        }
        return bytes / ((System.nanoTime() - start) / 1e9) / 1e6;
    }
}
