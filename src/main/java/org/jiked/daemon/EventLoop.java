package org.jiked.daemon;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * One daemon thread: it waits on its sockets, runs tasks handed in from other threads (received
 * messages, control commands, signals) and calls the periodic tick. Each IKE engine has a loop of
 * its own and is only ever touched from there, so it needs no locks; the receive loop has the
 * sockets and no engine.
 */
final class EventLoop implements Runnable {
    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final long tickMillis;
    /** Tasks run between two looks at the sockets and the clock, so a stream of them cannot starve the tick. */
    static final int TASKS_PER_ROUND = 1024;
    private final Runnable tick;
    private volatile boolean running = true;
    private Thread thread;
    private volatile Thread runner;

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

    /** Whether the caller is this loop's thread. */
    boolean inLoop() {
        return Thread.currentThread() == runner;
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
        runner = Thread.currentThread();
        long nextTick = System.nanoTime();
        boolean behind = false;
        while (running) {
            try {
                long waitMillis = Math.max(1, (nextTick - System.nanoTime()) / 1_000_000);
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
