package org.jiked.daemon;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * The daemon's one engine thread: it waits on the sockets, runs tasks handed in from other threads
 * (control commands, signals) and calls the periodic tick. The IKE engine is only ever touched
 * from here, so it needs no locks.
 */
final class EventLoop implements Runnable {
    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final long tickMillis;
    private final Runnable tick;
    private volatile boolean running = true;
    private Thread thread;

    EventLoop(long tickMillis, Runnable tick) throws IOException {
        this.selector = Selector.open();
        this.tickMillis = tickMillis;
        this.tick = tick;
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
        selector.wakeup();
        return f;
    }

    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    void start(String name) {
        thread = new Thread(this, name);
        thread.start();
    }

    void stop() {
        running = false;
        selector.wakeup();
    }

    void join() throws InterruptedException {
        if (thread != null) {
            thread.join();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void run() {
        long nextTick = System.nanoTime();
        while (running) {
            try {
                long waitMillis = Math.max(1, (nextTick - System.nanoTime()) / 1_000_000);
                selector.select(waitMillis);
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isValid() && key.isReadable()) {
                        ((Consumer<SelectionKey>) key.attachment()).accept(key);
                    }
                }
                selector.selectedKeys().clear();
                Runnable r;
                while ((r = tasks.poll()) != null) {
                    r.run();
                }
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
