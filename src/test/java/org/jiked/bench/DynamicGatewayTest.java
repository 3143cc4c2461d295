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
import org.jiked.ike.ChildConfig;
import org.jiked.ike.EngineContext;
import org.jiked.ike.Identity;
import org.jiked.ike.IkeEngine;
import org.jiked.ike.IkeSaInfo;
import org.jiked.ike.PeerConfig;
import org.jiked.ike.RetransmitSettings;
import org.jiked.wire.IkeMessageCodec;
import org.junit.jupiter.api.Test;

/**
 * Dynamic gateways ({@code security ike gateway NAME dynamic}): many initiators from addresses
 * the responder does not know, told apart by their IKE ID, played by the load generator.
 */
class DynamicGatewayTest {
    static final InetSocketAddress GATEWAY = new InetSocketAddress(InetAddress.ofLiteral("192.0.2.2"), 500);

    final Deque<byte[]> toBench = new ArrayDeque<>();

    static PeerConfig dynamic(String name, Identity id, String psk) {
        BenchOptions o = BenchInitiatorTest.options(List.of());
        ChildConfig child = new ChildConfig(name, List.of(o.espProposal()), List.of(o.remoteSelector()),
                List.of(o.localPrefix()), 3600, 0, ChildConfig.StartAction.RESPONDER_ONLY);
        return new PeerConfig(name, List.of(), GATEWAY.getAddress(), List.of(o.ikeProposal()),
                psk.getBytes(StandardCharsets.UTF_8), null, id, 28800, List.of(child), RetransmitSettings.DEFAULT);
    }

    IkeEngine engine(PeerConfig... peers) {
        EngineContext ctx = new EngineContext(() -> 1000, () -> 1000, new SecureRandom(),
                (local, remote, data) -> toBench.add(data), EngineContext.ChildSaListener.NONE, (l, m) -> { });
        return new IkeEngine(ctx, List.of(peers));
    }

    BenchInitiator.Step setUp(IkeEngine engine, String psk, int index, String from) throws Exception {
        return setUp(engine, List.of("--psk", psk), index, from);
    }

    BenchInitiator.Step setUp(IkeEngine engine, List<String> args, int index, String from) throws Exception {
        BenchOptions o = BenchInitiatorTest.options(args);
        InetSocketAddress me = new InetSocketAddress(InetAddress.ofLiteral(from), 500);
        BenchInitiator ini = new BenchInitiator(o, index, 0x2000L + index, me, GATEWAY, new SecureRandom(), 0);
        engine.receive(GATEWAY, me, ini.start());
        for (int i = 0; i < 4; i++) {
            byte[] d = toBench.poll();
            BenchInitiator.Step s = ini.onResponse(IkeMessageCodec.decodeHeader(d), d);
            if (!(s instanceof BenchInitiator.Send send)) {
                return s;
            }
            engine.receive(GATEWAY, me, send.datagram());
        }
        throw new AssertionError("no end");
    }

    @Test
    void generalIkeIdTakesManyPeersAtAnyAddressUpToTheConnectionsLimit() throws Exception {
        IkeEngine e = engine(dynamic("pico", null, "shared"));
        e.connectionsLimit("pico", 3);
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(BenchInitiator.Done.class, setUp(e, "shared", i, "198.51.100." + (i + 1)));
        }
        assertEquals(new BenchInitiator.Failed("AUTHENTICATION_FAILED"), setUp(e, "shared", 3, "198.51.100.9"));
        assertEquals(3, e.stats().get("ike-sa-established"));
        assertEquals(1, e.stats().get("connections-limit-refusals"));
        var refused = e.failedPeers().getFirst();
        assertEquals("198.51.100.9", refused.address());
        assertEquals("bench-3.example.net", refused.ikeId());
        assertEquals("AUTHENTICATION_FAILED", refused.reason());
        assertTrue(refused.detail().contains("connections-limit of 3"), refused.detail());
        // a slot frees when an SA goes
        e.clearIkeSas(InetAddress.ofLiteral("198.51.100.1"));
        assertEquals(3, e.ikeSas().size(), "the cleared SA waits for its Delete to be answered");
    }

    @Test
    void theGatewayNamingThePeersIdWinsOverGeneralIkeId() throws Exception {
        IkeEngine e = engine(dynamic("any", null, "shared"),
                dynamic("cell-7", Identity.fqdn("bench-7.example.net"), "cell-7 key"));
        assertInstanceOf(BenchInitiator.Done.class, setUp(e, "cell-7 key", 7, "203.0.113.7"));
        assertInstanceOf(BenchInitiator.Done.class, setUp(e, "shared", 8, "203.0.113.8"));
        assertEquals(new BenchInitiator.Failed("AUTHENTICATION_FAILED"), setUp(e, "shared", 7, "203.0.113.9"),
                "bench-7 must use its own gateway's key");
        assertEquals(List.of("cell-7", "any"), e.ikeSas().stream().map(IkeSaInfo::gateway).toList());
    }

    /**
     * {@code seeded-pre-shared-key} on a general-ikeid gateway: every initiator has its own key,
     * derived from the seed and its ID. The bench derives them with {@code --seeded-psk}; the key
     * {@code request security ike pre-shared-key} prints for one ID works as that initiator's
     * plain key, and for no other ID; the seed itself is no key.
     */
    @Test
    void aSeededPreSharedKeyGivesEachInitiatorItsOwnKey() throws Exception {
        PeerConfig seeded = dynamic("pico", null, "unused");
        seeded = seeded.withOptions(seeded.options().withPskSeed("pico seed".getBytes(StandardCharsets.UTF_8)));
        IkeEngine e = engine(seeded);
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(BenchInitiator.Done.class, setUp(e, List.of("--seeded-psk", "pico seed"), i,
                    "198.51.100." + (i + 1)));
        }
        String keyOf5 = org.jiked.ike.SeededPreSharedKey.text("pico seed".getBytes(StandardCharsets.UTF_8),
                "bench-5.example.net");
        assertEquals(64, keyOf5.length());
        assertInstanceOf(BenchInitiator.Done.class, setUp(e, keyOf5, 5, "198.51.100.5"));
        assertEquals(new BenchInitiator.Failed("AUTHENTICATION_FAILED"), setUp(e, keyOf5, 6, "198.51.100.6"),
                "bench-5's key is not bench-6's");
        assertEquals(new BenchInitiator.Failed("AUTHENTICATION_FAILED"),
                setUp(e, List.of("--seeded-psk", "another seed"), 7, "198.51.100.7"));
        assertEquals(new BenchInitiator.Failed("AUTHENTICATION_FAILED"), setUp(e, "pico seed", 8, "198.51.100.8"));
        assertEquals(4, e.stats().get("ike-sa-established"));
        assertEquals(3, e.stats().get("auth-failures"));
    }
}
