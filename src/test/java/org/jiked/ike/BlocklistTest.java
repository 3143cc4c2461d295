package org.jiked.ike;

import static org.jiked.ike.IkeExchangeTest.A;
import static org.jiked.ike.IkeExchangeTest.B;
import static org.jiked.ike.IkeExchangeTest.ESP_GCM;
import static org.jiked.ike.IkeExchangeTest.GCM_X25519;
import static org.jiked.ike.IkeExchangeTest.SITE_A;
import static org.jiked.ike.IkeExchangeTest.SITE_B;
import static org.jiked.ike.IkeExchangeTest.assertUp;
import static org.jiked.ike.IkeExchangeTest.child;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.jiked.wire.ExchangeType;
import org.jiked.wire.IdType;
import org.jiked.wire.IkeMessageCodec;
import org.junit.jupiter.api.Test;

/**
 * IKE blocklists (Junos {@code security ike blocklists}, referenced by an IKE policy): rules in
 * order, matched on the peer's role, ID type and ID pattern at the authentication stage of a new
 * IKE SA; discard drops the request unanswered, reject answers AUTHENTICATION_FAILED.
 */
class BlocklistTest {
    static final Identity A_ID = Identity.fqdn("peer7.branch.example.net");

    static TwoGateways pair(IdBlocklist onA, IdBlocklist onB) {
        PeerConfig a = new PeerConfig("to-b", List.of(B), A, List.of(GCM_X25519),
                "k".getBytes(StandardCharsets.US_ASCII), A_ID, null, 28800,
                List.of(child("vpn1", SITE_A, SITE_B, List.of(ESP_GCM), ChildConfig.StartAction.ON_TRAFFIC)),
                RetransmitSettings.DEFAULT);
        PeerConfig b = new PeerConfig("to-a", List.of(A), B, List.of(GCM_X25519),
                "k".getBytes(StandardCharsets.US_ASCII), null, null, 28800,
                List.of(child("vpn1", SITE_B, SITE_A, List.of(ESP_GCM), ChildConfig.StartAction.RESPONDER_ONLY)),
                RetransmitSettings.DEFAULT);
        return new TwoGateways(List.of(a.withOptions(a.options().withBlocklist(onA))),
                List.of(b.withOptions(b.options().withBlocklist(onB))), A, B);
    }

    static IdBlocklist list(IdBlocklist.Rule... rules) {
        return new IdBlocklist("bl1", List.of(rules));
    }

    static IdBlocklist.Rule rule(String name, boolean peerIsInitiator, int idType, String pattern, boolean discard,
                                 long backoffMillis) {
        return new IdBlocklist.Rule(name, peerIsInitiator, idType, pattern == null ? null : Pattern.compile(pattern),
                discard, backoffMillis);
    }

    @Test
    void rejectAnswersAuthenticationFailedAndLeavesNoSa() {
        TwoGateways g = pair(null, list(rule("branches", true, IdType.ID_FQDN, "peer.*\\.example\\.net", false, 0)));
        g.a.initiate("to-b");
        g.run();
        assertEquals(0, g.b.ikeSaCount());
        assertEquals(0, g.a.ikeSaCount());
        assertEquals(1, g.b.stats().get("peers-blocked"));
        assertEquals(1, g.a.stats().get("auth-failures"), "A was told AUTHENTICATION_FAILED");
        assertTrue(g.logB.stream().anyMatch(l -> l.contains("IKE_GATEWAY_PEER_BLOCKED")
                && l.contains("rule branches of blocklist bl1, rejected")), g.logB.toString());
    }

    @Test
    void discardSendsNothingBack() {
        TwoGateways g = pair(null, list(rule("all", true, 0, null, true, 0)));
        int[] authResponses = {0};
        g.drop = d -> {
            try {
                var h = IkeMessageCodec.decodeHeader(d.data());
                if (h.exchangeType() == ExchangeType.IKE_AUTH && h.isResponse()) {
                    authResponses[0]++;
                }
            } catch (org.jiked.wire.IkeDecodeException e) {
                throw new AssertionError(e);
            }
            return false;
        };
        g.a.initiate("to-b");
        g.run();
        assertEquals(0, authResponses[0]);
        assertEquals(0, g.b.ikeSaCount());
        assertEquals(1, g.b.stats().get("peers-blocked"));
        // A is left waiting, as a discarded peer should be
        assertEquals(1, g.a.ikeSaCount());
        assertEquals(0, g.a.stats().get("auth-failures"));
    }

    @Test
    void rulesApplyInOrderAndOnlyToTheirIdTypeAndRole() {
        // the first rule is for another ID type, the second for the peer as responder: neither applies
        TwoGateways g = pair(null, list(rule("emails", true, IdType.ID_RFC822_ADDR, ".*", false, 0),
                rule("responders", false, 0, null, false, 0),
                rule("other-branch", true, IdType.ID_FQDN, "^peer8\\.", false, 0)));
        g.a.initiate("to-b");
        g.run();
        assertUp(g);
        assertEquals(0, g.b.stats().get("peers-blocked"));
    }

    /** B's gateway names A by a hostname; A presents an e-mail address ID instead. */
    static TwoGateways hostnameGatewayWithAnEmailPeer(IdBlocklist onB) {
        PeerConfig a = new PeerConfig("to-b", List.of(B), A, List.of(GCM_X25519),
                "k".getBytes(StandardCharsets.US_ASCII), Identity.rfc822("peer7@branch.example.net"), null, 28800,
                List.of(child("vpn1", SITE_A, SITE_B, List.of(ESP_GCM), ChildConfig.StartAction.ON_TRAFFIC)),
                RetransmitSettings.DEFAULT);
        PeerConfig b = new PeerConfig("to-a", List.of(A), B, List.of(GCM_X25519),
                "k".getBytes(StandardCharsets.US_ASCII), null, A_ID, 28800,
                List.of(child("vpn1", SITE_B, SITE_A, List.of(ESP_GCM), ChildConfig.StartAction.RESPONDER_ONLY)),
                RetransmitSettings.DEFAULT);
        return new TwoGateways(List.of(a), List.of(b.withOptions(b.options().withBlocklist(onB))), A, B);
    }

    @Test
    void aGatewayWithARemoteIdentityAppliesOnlyTheRulesOfItsIdType() {
        // the rule is for e-mail IDs, which the peer presents, but the gateway's remote ID type is hostname
        TwoGateways g = hostnameGatewayWithAnEmailPeer(list(rule("emails", true, IdType.ID_RFC822_ADDR, "peer7", false,
                0)));
        g.a.initiate("to-b");
        g.run();
        assertEquals(0, g.b.stats().get("peers-blocked"), String.join("\n", g.logB));
        assertEquals(0, g.b.ikeSaCount());
        assertTrue(g.logB.stream().anyMatch(l -> l.contains("is not the configured remote-identity")),
                "refused by the identity check, not the blocklist: " + g.logB);

        // a hostname rule is the gateway's type: its pattern is matched against whatever ID comes
        TwoGateways h = hostnameGatewayWithAnEmailPeer(list(rule("hosts", true, IdType.ID_FQDN, "^peer7@", false, 0)));
        h.a.initiate("to-b");
        h.run();
        assertEquals(1, h.b.stats().get("peers-blocked"), String.join("\n", h.logB));
        assertTrue(h.logB.stream().anyMatch(l -> l.contains("IKE_GATEWAY_PEER_BLOCKED")
                && l.contains("matches rule hosts")), h.logB.toString());
    }

    @Test
    void aGatewayWithoutARemoteIdentityAppliesTheRulesOfThePresentedType() {
        TwoGateways g = pair(null, list(rule("hosts", true, IdType.ID_FQDN, "^peer7\\.", false, 0)));
        g.a.initiate("to-b");
        g.run();
        assertEquals(1, g.b.stats().get("peers-blocked"));
        TwoGateways h = pair(null, list(rule("addresses", true, IdType.ID_IPV4_ADDR, ".*", false, 0)));
        h.a.initiate("to-b");
        h.run();
        assertUp(h);
        assertEquals(0, h.b.stats().get("peers-blocked"), "an FQDN peer is not matched by an inet rule");
    }

    @Test
    void aRuleForTheResponderRoleIsCheckedByTheInitiator() {
        TwoGateways g = pair(list(rule("no-b", false, IdType.ID_IPV4_ADDR, "^192\\.0\\.2\\.2$", false, 0)), null);
        g.a.initiate("to-b");
        g.run();
        assertEquals(0, g.a.ikeSaCount());
        assertEquals(1, g.a.stats().get("peers-blocked"));
        assertEquals(0, g.b.ikeSaCount(), "B heard AUTHENTICATION_FAILED and let its SA go");
    }

    @Test
    void aRulesBackoffKeepsThePeerAwayForItsTime() {
        TwoGateways g = pair(null, list(rule("branches", true, IdType.ID_FQDN, "example\\.net$", false, 30_000)));
        g.a.initiate("to-b");
        g.run();
        assertEquals(1, g.b.stats().get("peers-backed-off"));
        g.a.initiate("to-b");
        g.run();
        assertEquals(1, g.b.stats().get("peers-blocked"), "the second attempt never got to authentication");
        assertTrue(g.b.stats().get("backoff-drops") >= 1);
        g.advance(31_000);
        g.a.initiate("to-b");
        g.run();
        assertEquals(2, g.b.stats().get("peers-blocked"), "after the backoff the rule is applied again");
    }

    @Test
    void blockedPeersAreListedAndClearingTheBackoffLetsThemTryAgain() {
        TwoGateways g = pair(null, list(rule("branches", true, IdType.ID_FQDN, "example\\.net$", false, 60_000)));
        g.a.initiate("to-b");
        g.run();
        var blocked = g.b.peers("blocked");
        assertEquals(1, blocked.size(), blocked.toString());
        assertEquals("192.0.2.1", blocked.getFirst().address());
        assertEquals("BLOCKED", blocked.getFirst().state());
        assertEquals(60, blocked.getFirst().remainingSeconds());
        assertEquals(blocked, g.b.peers("backoff"));
        assertEquals(1, g.b.clearBackoffs());
        assertTrue(g.b.peers("backoff").isEmpty());
        g.a.initiate("to-b");
        g.run();
        assertEquals(2, g.b.stats().get("peers-blocked"), "with the backoff cleared the peer reached the blocklist");
    }

    @Test
    void negotiationsInProgressAreListed() {
        TwoGateways g = pair(null, null);
        g.a.initiate("to-b");
        var peers = g.a.peers("in-progress");
        assertEquals(1, peers.size());
        assertEquals("INIT_SENT", peers.getFirst().state());
        assertEquals("initiator", peers.getFirst().reason());
        g.run();
        assertTrue(g.a.peers("in-progress").isEmpty());
    }
}
