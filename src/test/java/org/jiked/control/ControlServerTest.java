package org.jiked.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlServerTest {
    @TempDir
    Path dir;

    private final List<ControlServer> servers = new ArrayList<>();

    /** Echoes the command so tests can see exactly what arrived. */
    private static final CommandHandler ECHO = line -> line.startsWith("fail")
            ? ControlResponse.error("error: " + line)
            : ControlResponse.ok("you said: " + line);

    private ControlServer start(Path socket, CommandHandler h, Duration timeout) throws IOException {
        ControlServer s = new ControlServer(socket, h, timeout, ControlServer.DEFAULT_MAX_CONNECTIONS);
        s.start();
        servers.add(s);
        return s;
    }

    @AfterEach
    void stop() {
        servers.forEach(ControlServer::close);
    }

    @Test
    void roundTrip() throws Exception {
        Path sock = dir.resolve("jiked.sock");
        ControlServer s = start(sock, ECHO, Duration.ofSeconds(5));
        ControlResponse r = ControlClient.send(sock, "show security ike security-associations | display json");
        assertTrue(r.isOk());
        assertEquals("you said: show security ike security-associations | display json", r.body());
        ControlResponse e = ControlClient.send(sock, "fail now");
        assertEquals(ControlResponse.ERROR, e.status());
        assertEquals("error: fail now", e.body());
        // Non-ASCII survives both ways.
        assertEquals("you said: show é ü 東京", ControlClient.send(sock, "show é ü 東京").body());
        // Counted after the write returns, which may be just after the client has read it.
        waitFor(() -> s.stats().served() == 3);
    }

    @Test
    void largeResponseAndHandlerException() throws IOException {
        Path sock = dir.resolve("j.sock");
        String big = "x".repeat(5_000_000);
        start(sock, line -> {
            if (line.equals("boom")) {
                throw new IllegalStateException("kaput");
            }
            return ControlResponse.ok(big);
        }, Duration.ofSeconds(5));
        assertEquals(big.length(), ControlClient.send(sock, "big").body().length());
        ControlResponse r = ControlClient.send(sock, "boom");
        assertFalse(r.isOk());
        assertTrue(r.body().contains("kaput"), r.body());
    }

    @Test
    void oversizedFrameClosesConnectionAndServerKeepsRunning() throws Exception {
        Path sock = dir.resolve("j.sock");
        ControlServer s = start(sock, ECHO, Duration.ofSeconds(5));
        try (SocketChannel ch = raw(sock)) {
            ch.write(ByteBuffer.allocate(4).putInt(ControlProtocol.MAX_REQUEST + 1).flip());
            assertClosedByServer(ch);
        }
        try (SocketChannel ch = raw(sock)) {
            ch.write(ByteBuffer.allocate(4).putInt(-1).flip());
            assertClosedByServer(ch);
        }
        assertEquals(2, s.stats().badFrames());
        assertEquals("you said: ok", ControlClient.send(sock, "ok").body());
        // The client refuses to build such a frame in the first place.
        assertThrows(ControlProtocol.FrameException.class,
                () -> ControlClient.send(sock, "x".repeat(ControlProtocol.MAX_REQUEST + 1)));
    }

    @Test
    void shortFrameIsCountedNotAnswered() throws Exception {
        Path sock = dir.resolve("j.sock");
        ControlServer s = start(sock, ECHO, Duration.ofSeconds(5));
        try (SocketChannel ch = raw(sock)) {
            // Announces 100 octets, sends 3, then half-closes: the server sees EOF mid-frame.
            ch.write(ByteBuffer.allocate(7).putInt(100).put("abc".getBytes(StandardCharsets.US_ASCII)).flip());
            ch.shutdownOutput();
            assertClosedByServer(ch);
        }
        try (SocketChannel ch = raw(sock)) {
            ch.write(ByteBuffer.wrap(new byte[] {0, 0}));
            ch.shutdownOutput();
            assertClosedByServer(ch);
        }
        waitFor(() -> s.stats().badFrames() == 2);
        assertEquals("you said: still here", ControlClient.send(sock, "still here").body());
    }

    @Test
    void garbageIsRejected() throws Exception {
        Path sock = dir.resolve("j.sock");
        ControlServer s = start(sock, ECHO, Duration.ofSeconds(5));
        try (SocketChannel ch = raw(sock)) {
            // A valid length followed by bytes that are not UTF-8.
            ch.write(ByteBuffer.allocate(8).putInt(4).put(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc0, 0x41}).flip());
            assertClosedByServer(ch);
        }
        try (SocketChannel ch = raw(sock)) {
            // Text where a length should be: "GET " reads as a length of about 1.2 GB.
            ch.write(ByteBuffer.wrap("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            assertClosedByServer(ch);
        }
        assertEquals(2, s.stats().badFrames());
        assertTrue(ControlClient.send(sock, "fine").isOk());
    }

    @Test
    void stuckClientIsCutOffByReadTimeout() throws Exception {
        Path sock = dir.resolve("j.sock");
        ControlServer s = start(sock, ECHO, Duration.ofMillis(300));
        try (SocketChannel ch = raw(sock)) {
            ch.write(ByteBuffer.allocate(2).put(new byte[] {0, 0}).flip()); // half a length, then silence
            long t0 = System.nanoTime();
            assertClosedByServer(ch);
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(3));
        }
        waitFor(() -> s.stats().timeouts() == 1);
        assertTrue(ControlClient.send(sock, "after").isOk());
    }

    @Test
    void concurrentClients() throws Exception {
        Path sock = dir.resolve("j.sock");
        CountDownLatch allInside = new CountDownLatch(8);
        // Every handler waits until all 8 are inside at once: proves they really run in parallel.
        ControlServer s = start(sock, line -> {
            allInside.countDown();
            try {
                allInside.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ControlResponse.ok("re " + line);
        }, Duration.ofSeconds(10));
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<ControlResponse>> fs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String cmd = "show n " + i;
                fs.add(pool.submit(() -> ControlClient.send(sock, cmd)));
            }
            for (int i = 0; i < 8; i++) {
                assertEquals("re show n " + i, fs.get(i).get(15, TimeUnit.SECONDS).body());
            }
        }
        assertEquals(0, allInside.getCount());
        waitFor(() -> s.stats().served() == 8);
    }

    @Test
    void staleSocketFileIsReplaced() throws Exception {
        Path sock = dir.resolve("j.sock");
        // Bind and close without unlinking: exactly what a crashed daemon leaves behind.
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(sock));
        }
        assertTrue(Files.exists(sock));
        assertThrows(DaemonNotRunningException.class, () -> ControlClient.send(sock, "show x"));
        start(sock, ECHO, Duration.ofSeconds(5));
        assertEquals("you said: show x", ControlClient.send(sock, "show x").body());
    }

    @Test
    void refusesToStartOverLiveDaemonOrNonSocket() throws Exception {
        Path sock = dir.resolve("j.sock");
        start(sock, ECHO, Duration.ofSeconds(5));
        ControlServer second = new ControlServer(sock, ECHO);
        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class, second::start);
        assertTrue(e.getMessage().contains("already listening"), e.getMessage());
        // The first one is unharmed, and the failed start did not remove its socket.
        assertTrue(ControlClient.send(sock, "still first").isOk());

        Path file = dir.resolve("not-a-socket");
        Files.writeString(file, "precious");
        assertThrows(FileAlreadyExistsException.class, () -> new ControlServer(file, ECHO).start());
        assertEquals("precious", Files.readString(file));
    }

    @Test
    void twoServersOnTwoPaths() throws IOException {
        Path s1 = dir.resolve("one.sock");
        Path s2 = dir.resolve("sub/dir/two.sock");
        start(s1, line -> ControlResponse.ok("one"), Duration.ofSeconds(5));
        start(s2, line -> ControlResponse.ok("two"), Duration.ofSeconds(5));
        assertEquals("one", ControlClient.send(s1, "show").body());
        assertEquals("two", ControlClient.send(s2, "show").body());
    }

    @Test
    void closeRemovesSocketAndClientSaysNotRunning() throws IOException {
        Path sock = dir.resolve("j.sock");
        ControlServer s = start(sock, ECHO, Duration.ofSeconds(5));
        s.close();
        assertFalse(Files.exists(sock));
        DaemonNotRunningException e = assertThrows(DaemonNotRunningException.class, () -> ControlClient.send(sock, "show"));
        assertEquals("jiked daemon is not running (no control socket at " + sock + ")", e.getMessage());
        s.close(); // idempotent
    }

    private static SocketChannel raw(Path sock) throws IOException {
        return SocketChannel.open(UnixDomainSocketAddress.of(sock));
    }

    /** The server must close its end: a read then sees EOF (or a reset) rather than data. */
    private static void assertClosedByServer(SocketChannel ch) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(16);
        Future<Integer> f;
        try (ExecutorService ex = Executors.newSingleThreadExecutor()) {
            f = ex.submit(() -> {
                try {
                    return ch.read(b);
                } catch (IOException e) {
                    return -1;
                }
            });
            assertEquals(-1, f.get(5, TimeUnit.SECONDS), "server should have closed the connection");
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!cond.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(cond.getAsBoolean(), "condition not reached within 5 s");
    }
}
