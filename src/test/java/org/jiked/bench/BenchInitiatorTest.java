package org.jiked.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.jiked.child.TrafficSelector;
import org.jiked.ike.ChildConfig;
import org.jiked.ike.EngineContext;
import org.jiked.ike.IkeEngine;
import org.jiked.ike.PeerConfig;
import org.jiked.ike.RetransmitSettings;
import org.jiked.wire.IkeHeader;
import org.jiked.wire.IkeMessageCodec;
import org.junit.jupiter.api.Test;

/** The load generator's initiator against jiked's own responder, in memory (no sockets). */
class BenchInitiatorTest {
    static final InetSocketAddress BENCH = new InetSocketAddress(InetAddress.ofLiteral("192.0.2.1"), 40000);
    static final InetSocketAddress GATEWAY = new InetSocketAddress(InetAddress.ofLiteral("192.0.2.2"), 500);

    final Deque<byte[]> toBench = new ArrayDeque<>();
    long now = 1_000;

    IkeEngine responder(String psk) {
        BenchOptions o = options(List.of());
        ChildConfig child = new ChildConfig("bench", List.of(o.espProposal()),
                List.of(o.remoteSelector()), List.of(o.localPrefix()), 3600, 0, ChildConfig.StartAction.RESPONDER_ONLY);
        PeerConfig peer = new PeerConfig("bench", List.of(BENCH.getAddress()), GATEWAY.getAddress(),
                List.of(o.ikeProposal()), psk.getBytes(StandardCharsets.UTF_8), null, null, 28800, List.of(child),
                RetransmitSettings.DEFAULT);
        EngineContext ctx = new EngineContext(() -> now, () -> now, new SecureRandom(),
                (local, remote, data) -> toBench.add(data), EngineContext.ChildSaListener.NONE, (l, m) -> { });
        return new IkeEngine(ctx, List.of(peer));
    }

    static BenchOptions options(List<String> extra) {
        List<String> args = new java.util.ArrayList<>(List.of("--target", "192.0.2.2", "--quiet"));
        args.addAll(extra);
        return BenchOptions.parse(args);
    }

    /** Runs one initiator to its end against the engine. */
    BenchInitiator.Step setUp(IkeEngine engine, BenchOptions o, int index) throws Exception {
        BenchInitiator ini = new BenchInitiator(o, index, 0x1000L + index, BENCH, GATEWAY, new SecureRandom(), 0);
        engine.receive(GATEWAY, BENCH, ini.start());
        for (int i = 0; i < 4; i++) {
            byte[] d = toBench.poll();
            BenchInitiator.Step s = ini.onResponse(IkeMessageCodec.decodeHeader(d), d);
            if (!(s instanceof BenchInitiator.Send send)) {
                return s;
            }
            engine.receive(GATEWAY, BENCH, send.datagram());
        }
        throw new AssertionError("no end after four exchanges");
    }

    @Test
    void setsUpIkeSasWithAndWithoutChildSa() throws Exception {
        IkeEngine engine = responder("jiked-bench");
        assertInstanceOf(BenchInitiator.Done.class, setUp(engine, options(List.of()), 0));
        assertInstanceOf(BenchInitiator.Done.class, setUp(engine, options(List.of("--no-child")), 1));
        assertEquals(2, engine.stats().get("ike-sa-established"));
        assertEquals(1, engine.stats().get("child-sa-established"));
    }

    /** Runs one initiator through its setup and rekeys; returns the last step and counts the rekeys in {@code done}. */
    BenchInitiator.Step runWithRekeys(IkeEngine engine, BenchOptions o, int index, int[] done) throws Exception {
        BenchInitiator ini = new BenchInitiator(o, index, 0x1000L + index, BENCH, GATEWAY, new SecureRandom(), 0);
        engine.receive(GATEWAY, BENCH, ini.start());
        for (int i = 0; i < 64; i++) {
            byte[] d = toBench.poll();
            var h = IkeMessageCodec.decodeHeader(d);
            assertTrue(h.isResponse(), "the responder sent a request of its own");
            BenchInitiator.Step step = ini.onResponse(h, d);
            byte[] next = switch (step) {
                case BenchInitiator.Send s -> s.datagram();
                case BenchInitiator.Up u -> u.next();
                case BenchInitiator.Rekeyed r -> {
                    done[r.ike() ? 1 : 0]++;
                    yield r.next();
                }
                case BenchInitiator.Done x -> null;
                case BenchInitiator.Failed f -> null;
                case BenchInitiator.Ignore x -> null;
            };
            if (next == null) {
                return step;
            }
            engine.receive(GATEWAY, BENCH, next);
        }
        throw new AssertionError("no end after 64 exchanges");
    }

    @Test
    void rekeysTheChildSaThenTheIkeSaDeletingEachOldSa() throws Exception {
        IkeEngine engine = responder("jiked-bench");
        int[] done = new int[2];
        BenchInitiator.Step last = runWithRekeys(engine,
                options(List.of("--rekey-child", "3", "--rekey-ike", "2")), 0, done);
        assertInstanceOf(BenchInitiator.Rekeyed.class, last);
        assertEquals(3, done[0]);
        assertEquals(2, done[1]);
        assertEquals(3, engine.stats().get("child-sa-rekeyed"));
        assertEquals(2, engine.stats().get("ike-sa-rekeyed"));
        assertEquals(1, engine.ikeSas().size(), "each old IKE SA was deleted");
        var sa = engine.ikeSas().getFirst();
        assertEquals("UP", sa.state());
        assertEquals(1, sa.children().size(), "each old CHILD_SA was deleted; the last one moved to the new IKE SA");
        assertEquals(1, engine.stats().get("ike-sa-established"));
    }

    @Test
    void anIkeSaRekeyAloneWorksWithoutAChildSa() throws Exception {
        IkeEngine engine = responder("jiked-bench");
        int[] done = new int[2];
        runWithRekeys(engine, options(List.of("--no-child", "--rekey-ike", "1")), 0, done);
        assertEquals(1, done[1]);
        assertEquals(1, engine.stats().get("ike-sa-rekeyed"));
        assertEquals(1, engine.ikeSas().size());
        assertTrue(engine.ikeSas().getFirst().children().isEmpty());
    }

    @Test
    void childRekeysNeedAChildSa() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> options(List.of("--no-child", "--rekey-child", "1")));
        assertTrue(e.getMessage().contains("--rekey-child"), e.getMessage());
    }

    @Test
    void eachInitiatorHasItsOwnIdentityAndSelector() {
        BenchOptions o = options(List.of());
        assertEquals("bench-7.example.net", String.format(o.identityFormat(), 7));
        TrafficSelector a = o.localSelector(0);
        TrafficSelector b = o.localSelector(256);
        assertTrue(a.isWithin(o.localPrefix()) && b.isWithin(o.localPrefix()));
        assertTrue(!a.equals(b));
    }

    @Test
    void wrongKeyIsReportedByItsNotify() throws Exception {
        IkeEngine engine = responder("another key");
        BenchInitiator.Step s = setUp(engine, options(List.of()), 0);
        assertEquals(new BenchInitiator.Failed("AUTHENTICATION_FAILED"), s);
    }

    @Test
    void proposalTheResponderLacksIsNoProposalChosen() throws Exception {
        IkeEngine engine = responder("jiked-bench");
        BenchInitiator.Step s = setUp(engine, options(List.of("--proposal", "aes256gcm16-prfsha384-ecp384")), 0);
        assertEquals(new BenchInitiator.Failed("NO_PROPOSAL_CHOSEN"), s);
    }

    @Test
    void strongSwanProposalNamesParse() {
        var p = BenchProposals.ike("aes128gcm16-prfsha256-x25519");
        assertEquals(31, p.dhGroup());
        assertEquals(128, p.encryptionKeyBits());
        assertEquals(16, BenchProposals.ike("aes256-sha256-modp4096").dhGroup());
    }
}
