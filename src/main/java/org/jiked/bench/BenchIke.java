package org.jiked.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jiked.wire.IkeDecodeException;
import org.jiked.wire.IkeHeader;
import org.jiked.wire.IkeMessageCodec;

/**
 * {@code jiked bench ike}: many IKEv2 initiators from one process against one responder. Each
 * sender thread owns a socket (so a source port) and a share of the concurrent setups; a
 * setup's request is retransmitted after one second, three times, before it counts as failed.
 * An initiator asked to rekey keeps its slot until its last rekey is done, so the setups and
 * rekeys under way together never exceed the concurrency.
 */
public final class BenchIke {
    static final long RETRANSMIT_NANOS = 1_000_000_000L;
    static final int MAX_ATTEMPTS = 4;

    private final BenchOptions options;
    private final BenchResults results = new BenchResults();
    private final AtomicInteger nextIndex = new AtomicInteger();

    BenchIke(BenchOptions options) {
        this.options = options;
    }

    /** {@code jiked bench ike ARGS}; returns the exit code (1 when any setup failed). */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help")) {
            out.print(BenchOptions.USAGE);
            return 0;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("jiked: bench ike: " + e.getMessage());
            err.print(BenchOptions.USAGE);
            return 2;
        }
        try {
            if (options.junkAuthRate() > 0) {
                return new BenchJunkAuth(options, options.junkAuthRate(), options.junkAuthSas()).run(out);
            }
            if (options.floodRate() > 0) {
                return new BenchFlood(options, options.floodRate(), options.sourcePorts()).run(out);
            }
            BenchResults r = new BenchIke(options).execute(out);
            r.print(out, options);
            return r.failed() == 0 ? 0 : 1;
        } catch (IOException | InterruptedException e) {
            err.println("jiked: bench ike: " + e);
            return 1;
        }
    }

    BenchResults execute(PrintStream out) throws IOException, InterruptedException {
        List<Thread> workers = new ArrayList<>();
        int perThread = (options.concurrency() + options.threads() - 1) / options.threads();
        results.start(System.nanoTime());
        for (int t = 0; t < options.threads(); t++) {
            Worker w = new Worker(perThread, new SecureRandom());
            Thread th = Thread.ofPlatform().name("bench-" + t).start(w);
            workers.add(th);
        }
        Thread progress = options.progress() ? Thread.ofPlatform().daemon().start(() -> progress(out)) : null;
        for (Thread th : workers) {
            th.join();
        }
        results.finish(System.nanoTime());
        if (progress != null) {
            progress.interrupt();
        }
        return results;
    }

    private void progress(PrintStream out) {
        long last = 0;
        int seconds = 0;
        try {
            while (true) {
                Thread.sleep(1000);
                seconds++;
                long done = results.established();
                out.printf("%4ds  established %7d  (+%d/s)  failed %d  in flight %d%n", seconds, done, done - last,
                        results.failed(), results.inFlight());
                last = done;
            }
        } catch (InterruptedException e) {
            // the run is over
        }
    }

    private final class Worker implements Runnable {
        private final int concurrency;
        private final SecureRandom random;
        private final Map<Long, BenchInitiator> active = new HashMap<>();
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(65_535);
        private final boolean natT = options.target().getPort() == 4500;
        private DatagramChannel channel;
        private InetSocketAddress local;
        private boolean exhausted;

        Worker(int concurrency, SecureRandom random) {
            this.concurrency = concurrency;
            this.random = random;
        }

        @Override
        public void run() {
            try (DatagramChannel ch = DatagramChannel.open(); Selector selector = Selector.open()) {
                channel = ch;
                ch.bind(new InetSocketAddress(options.source(), 0));
                ch.connect(options.target());
                local = (InetSocketAddress) ch.getLocalAddress();
                ch.configureBlocking(false);
                ch.register(selector, SelectionKey.OP_READ);
                long nextScan = System.nanoTime();
                while (true) {
                    fill();
                    if (active.isEmpty() && exhausted) {
                        return;
                    }
                    selector.select(10);
                    selector.selectedKeys().clear();
                    drain();
                    long now = System.nanoTime();
                    if (now - nextScan >= 0) {
                        retransmit(now);
                        nextScan = now + 100_000_000L;
                    }
                }
            } catch (IOException e) {
                System.err.println("jiked: bench ike: " + e);
                results.failed("I/O error: " + e.getMessage(), active.size());
            }
        }

        private void fill() throws IOException {
            while (!exhausted && active.size() < concurrency) {
                int index = nextIndex.getAndIncrement();
                if (index >= options.count()) {
                    exhausted = true;
                    return;
                }
                long spi;
                do {
                    spi = random.nextLong();
                } while (spi == 0 || active.containsKey(spi));
                BenchInitiator ini = new BenchInitiator(options, index, spi, local, options.target(), random,
                        System.nanoTime());
                active.put(spi, ini);
                results.started();
                send(ini, ini.start());
            }
        }

        private void drain() throws IOException {
            for (int i = 0; i < 256; i++) {
                buffer.clear();
                if (channel.receive(buffer) == null) {
                    return;
                }
                buffer.flip();
                if (natT) {
                    if (buffer.remaining() < 4 || buffer.getInt() != 0) {
                        continue;
                    }
                }
                byte[] d = new byte[buffer.remaining()];
                buffer.get(d);
                handle(d);
            }
        }

        private void handle(byte[] d) throws IOException {
            IkeHeader h;
            try {
                h = IkeMessageCodec.decodeHeader(d);
            } catch (IkeDecodeException e) {
                return;
            }
            long spi = h.initiatorSpi();
            BenchInitiator ini = active.get(spi);
            if (ini == null || !h.isResponse()) {
                return;
            }
            BenchInitiator.Step step = ini.onResponse(h, d);
            if (ini.spiI != spi) {
                // an IKE SA rekey moved it to the new SA's SPI
                active.remove(spi);
                active.put(ini.spiI, ini);
            }
            long now = System.nanoTime();
            switch (step) {
                case BenchInitiator.Send s -> send(ini, s.datagram());
                case BenchInitiator.Done x -> {
                    active.remove(ini.spiI);
                    results.established(now - ini.startedNanos);
                }
                case BenchInitiator.Up u -> {
                    results.established(now - ini.startedNanos);
                    nextRekey(ini, u.next(), now);
                }
                case BenchInitiator.Rekeyed r -> {
                    results.rekeyed(r.ike(), now - ini.phaseStartedNanos);
                    nextRekey(ini, r.next(), now);
                }
                case BenchInitiator.Failed f -> {
                    active.remove(ini.spiI);
                    results.failed(f.reason(), 1);
                }
                case BenchInitiator.Ignore x -> { }
            }
        }

        /** Sends the next rekey's request, or ends the initiator when {@code request} is null. */
        private void nextRekey(BenchInitiator ini, byte[] request, long now) throws IOException {
            if (request == null) {
                active.remove(ini.spiI);
                return;
            }
            ini.phaseStartedNanos = now;
            send(ini, request);
        }

        private void retransmit(long now) throws IOException {
            for (Iterator<BenchInitiator> it = active.values().iterator(); it.hasNext(); ) {
                BenchInitiator ini = it.next();
                if (now - ini.phaseStartedNanos > options.timeoutMillis() * 1_000_000L) {
                    it.remove();
                    results.failed("timeout in " + ini.phase.label, 1);
                } else if (now - ini.lastSentNanos > RETRANSMIT_NANOS) {
                    if (ini.attempts + 1 >= MAX_ATTEMPTS) {
                        it.remove();
                        results.failed("no response to " + ini.phase.label, 1);
                    } else {
                        ini.attempts++;
                        results.retransmitted();
                        send(ini, ini.lastRequest);
                    }
                }
            }
        }

        private void send(BenchInitiator ini, byte[] datagram) throws IOException {
            ini.lastRequest = datagram;
            ini.lastSentNanos = System.nanoTime();
            ByteBuffer b = ByteBuffer.allocate(datagram.length + (natT ? 4 : 0));
            if (natT) {
                b.putInt(0);
            }
            b.put(datagram).flip();
            channel.write(b);
        }
    }
}
