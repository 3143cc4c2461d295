package org.jiked.control;

import java.io.IOException;
import java.nio.channels.Channel;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closes a channel if an operation on it is not done in time.
 *
 * <p>Blocking NIO channels have no read timeout, and UNIX-domain socket channels have no
 * {@code Socket} adaptor whose SO_TIMEOUT could stand in; closing the channel from another
 * thread is the supported way to abort a blocked read or write (it throws
 * {@link java.nio.channels.AsynchronousCloseException} in the blocked thread).
 */
final class Deadline implements AutoCloseable {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jiked-control-deadline");
        t.setDaemon(true);
        return t;
    });

    private final ScheduledFuture<?> task;
    private final AtomicBoolean fired = new AtomicBoolean();

    private Deadline(Channel channel, Duration timeout) {
        task = TIMER.schedule(() -> {
            fired.set(true);
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing is best effort; the blocked thread sees the channel as closed anyway.
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    static Deadline arm(Channel channel, Duration timeout) {
        return new Deadline(channel, timeout);
    }

    /** True if the deadline passed and the channel was closed because of it. */
    boolean fired() {
        return fired.get();
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
