package org.jiked.daemon;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One daemon thread: it waits on its sockets, runs tasks handed in from other threads (received
 * messages, control commands, signals) and calls the periodic tick. Each IKE engine has a loop of
 * its own and is only ever touched from there, so it needs no locks; the receive loop has the
 * sockets and no engine.
 */
final class EventLoop implements Runnable {
    /** Null for a loop without sockets, which waits by parking: cheaper to wake than a selector. */
    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final long tickMillis;
    /** Tasks run between two looks at the sockets and the clock, so a stream of them cannot starve the tick. */
    static final int TASKS_PER_ROUND = 1024;
    private final Runnable tick;
    private volatile boolean running = true;
    private Thread thread;
    private volatile Thread runner;
    /** Set while a loop without sockets is parked, so {@link #execute} unparks it only then. */
    private volatile boolean parked;

    EventLoop(long tickMillis, Runnable tick) throws IOException {
        this(tickMillis, tick, true);
    }

    /** @param sockets whether channels will be {@link #register registered}; else the loop only runs tasks */
    EventLoop(long tickMillis, Runnable tick, boolean sockets) throws IOException {
        this.selector = sockets ? Selector.open() : null;
        this.tickMillis = tickMillis;
        this.tick = tick;
    }

    private void wakeup() {
        if (selector != null) {
            selector.wakeup();
        } else if (parked) {
            LockSupport.unpark(runner);
        }
    }

    /** Waits for a task or the next tick; the flag is set before the queue is checked, so no task is missed. */
    private void park(long waitMillis) {
        parked = true;
        if (tasks.isEmpty() && running) {
            LockSupport.parkNanos(this, waitMillis * 1_000_000);
        }
        parked = false;
    }

    Selector selector() {
        return selector;
    }

    /** Registers a channel whose readiness calls {@code onReadable} on the loop thread. */
    void register(java.nio.channels.SelectableChannel channel, Consumer<SelectionKey> onReadable) throws IOException {
        channel.configureBlocking(false);
        channel.register(selector, SelectionKey.OP_READ, onReadable);
    }

    /** Runs {@code task} on the loop thread and hands back its result. */
    <T> CompletableFuture<T> call(Callable<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                f.complete(task.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        wakeup();
        return f;
    }

    /** Whether the caller is this loop's thread. */
    boolean inLoop() {
        return Thread.currentThread() == runner;
    }

    void execute(Runnable task) {
        tasks.add(task);
        wakeup();
    }

    void start(String name) {
        thread = new Thread(this, name);
        thread.start();
    }

    void stop() {
        running = false;
        if (selector != null) {
            selector.wakeup();
        } else if (runner != null) {
            LockSupport.unpark(runner);
        }
    }

    void join() throws InterruptedException {
        if (thread != null) {
            thread.join();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void run() {
        runner = Thread.currentThread();
        long nextTick = System.nanoTime();
        boolean behind = false;
        while (running) {
            try {
                long waitMillis = Math.max(1, (nextTick - System.nanoTime()) / 1_000_000);
                if (selector == null) {
                    if (!behind) {
                        park(waitMillis);
                    }
                } else {
                    if (behind) {
                        selector.selectNow(); // tasks are waiting whose wake-up was used already
                    } else {
                        selector.select(waitMillis);
                    }
                    for (SelectionKey key : selector.selectedKeys()) {
                        if (key.isValid() && key.isReadable()) {
                            ((Consumer<SelectionKey>) key.attachment()).accept(key);
                        }
                    }
                    selector.selectedKeys().clear();
                }
                Runnable r;
                for (int n = 0; n < TASKS_PER_ROUND && (r = tasks.poll()) != null; n++) {
                    r.run();
                }
                behind = !tasks.isEmpty();
                if (System.nanoTime() - nextTick >= 0) {
                    tick.run();
                    nextTick = System.nanoTime() + tickMillis * 1_000_000;
                }
            } catch (IOException | RuntimeException e) {
                // the loop must survive anything one event does; the event is logged and dropped
                System.err.println("jiked: event loop error: " + e);
            }
        }
        Runnable r;
        while ((r = tasks.poll()) != null) {
            r.run();
        }
    }
}
