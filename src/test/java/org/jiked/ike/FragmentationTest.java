package org.jiked.ike;

import static org.jiked.ike.IkeExchangeTest.A;
import static org.jiked.ike.IkeExchangeTest.B;
import static org.jiked.ike.IkeExchangeTest.ESP_GCM;
import static org.jiked.ike.IkeExchangeTest.GCM_X25519;
import static org.jiked.ike.IkeExchangeTest.SITE_A;
import static org.jiked.ike.IkeExchangeTest.assertChildPairsMatch;
import static org.jiked.ike.IkeExchangeTest.assertUp;
import static org.jiked.ike.IkeExchangeTest.peer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.jiked.child.TrafficSelector;
import org.jiked.wire.IkeMessageCodec;
import org.jiked.wire.PayloadType;
import org.junit.jupiter.api.Test;

/**
 * IKEv2 fragmentation (RFC 7383) between two engines: an IKE_AUTH made large by many traffic
 * selectors goes out as fragments of the configured size, is reassembled, and a lost fragment
 * costs one retransmission of the whole set.
 */
class FragmentationTest {
    /** 40 /32 selectors on the remote side make IKE_AUTH about 900 octets. */
    static List<TrafficSelector> manySelectors() {
        List<TrafficSelector> out = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            out.add(TrafficSelector.ofPrefix(InetAddress.ofLiteral("203.0.113." + i), 32));
        }
        return out;
    }

    static TwoGateways pair(Fragmentation fa, Fragmentation fb) {
        ChildConfig childA = new ChildConfig("vpn1", List.of(ESP_GCM), List.of(SITE_A), manySelectors(), 3600, 0,
                ChildConfig.StartAction.IMMEDIATELY);
        ChildConfig childB = new ChildConfig("vpn1", List.of(ESP_GCM), manySelectors(), List.of(SITE_A), 3600, 0,
                ChildConfig.StartAction.RESPONDER_ONLY);
        return new TwoGateways(
                List.of(peer("to-b", A, B, List.of(GCM_X25519), "k", List.of(childA)).withFragmentation(fa)),
                List.of(peer("to-a", B, A, List.of(GCM_X25519), "k", List.of(childB)).withFragmentation(fb)),
                A, B);
    }

    static boolean isFragment(byte[] d) {
        try {
            return IkeMessageCodec.decodeHeader(d).nextPayload() == PayloadType.SKF;
        } catch (org.jiked.wire.IkeDecodeException e) {
            return false;
        }
    }

    @Test
    void largeIkeAuthTravelsAsFragmentsNoLargerThanTheConfiguredSize() {
        TwoGateways g = pair(new Fragmentation(true, 500), new Fragmentation(true, 500));
        List<Integer> sizes = new ArrayList<>();
        g.drop = d -> {
            if (isFragment(d.data())) {
                sizes.add(d.data().length);
            }
            return false;
        };
        g.a.start();
        g.run();
        assertUp(g);
        assertChildPairsMatch(g.installedA.getFirst(), g.installedB.getFirst());
        assertEquals(40, g.installedA.getFirst().remoteSelectors().size());
        assertTrue(sizes.size() >= 4, "request and response, two or more fragments each: " + sizes);
        // 500-octet packets less IPv4 (20) and UDP (8) headers
        assertTrue(sizes.stream().allMatch(s -> s <= 472), sizes.toString());
        assertEquals(1, g.a.stats().get("messages-fragmented"));
        assertEquals(1, g.b.stats().get("messages-fragmented"));
        assertEquals(1, g.a.stats().get("messages-reassembled"));
        assertEquals(1, g.b.stats().get("messages-reassembled"));
    }

    @Test
    void withoutSupportOnOneSideTheMessageIsSentWhole() {
        TwoGateways g = pair(new Fragmentation(true, 500), Fragmentation.DISABLED);
        int[] fragments = {0};
        g.drop = d -> {
            if (isFragment(d.data())) {
                fragments[0]++;
            }
            return false;
        };
        g.a.start();
        g.run();
        assertUp(g);
        assertEquals(0, fragments[0]);
        assertEquals(0, g.a.stats().get("messages-fragmented"));
    }

    @Test
    void aLostFragmentIsRecoveredByRetransmittingTheWholeMessage() {
        TwoGateways g = pair(new Fragmentation(true, 500), new Fragmentation(true, 500));
        int[] seen = {0};
        g.drop = d -> isFragment(d.data()) && seen[0]++ == 1;
        g.a.start();
        g.run();
        assertEquals(0, g.b.stats().get("messages-reassembled"));
        g.advance(RetransmitSettings.DEFAULT.timeout(0));
        g.run();
        assertUp(g);
        assertEquals(1, g.a.stats().get("retransmits-sent"));
        assertEquals(1, g.installedB.size());
    }

    @Test
    void anIncompleteMessageIsForgottenAfterTheTimeout() {
        TwoGateways g = pair(new Fragmentation(true, 500), new Fragmentation(true, 500));
        int[] seen = {0};
        g.drop = d -> isFragment(d.data()) && seen[0]++ >= 1;
        g.a.start();
        g.run();
        g.advance(FragmentReassembly.TIMEOUT_MILLIS + 1);
        assertEquals(1, g.b.stats().get("fragments-timed-out"));
    }
}
