package org.jiked.bench;

import java.io.IOException;
import java.util.function.LongConsumer;

/**
 * The send loop of the floods: COUNT messages at RATE per second (message n goes out at start +
 * n / RATE seconds), the answers read while it waits, and one more second of answers at the end.
 */
final class PacedSend {
    private PacedSend() {}

    /** Sends message {@code n}. */
    interface Send {
        void send(int n) throws IOException;
    }

    /** Reads whatever answers have arrived, without waiting. */
    interface Drain {
        void drain() throws IOException;
    }

    /** @param report called with the nanoseconds since the start: each second with progress, and at the end */
    static void run(int count, int rate, boolean progress, Send send, Drain drain, LongConsumer report)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        long lastReport = start;
        for (int n = 0; n < count; n++) {
            long due = start + n * 1_000_000_000L / rate;
            while (System.nanoTime() < due) {
                drain.drain();
                Thread.onSpinWait();
            }
            send.send(n);
            long now = System.nanoTime();
            if (progress && now - lastReport >= 1_000_000_000L) {
                report.accept(now - start);
                lastReport = now;
            }
        }
        long end = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < end) {
            drain.drain();
            Thread.sleep(10);
        }
        report.accept(System.nanoTime() - start);
    }
}
