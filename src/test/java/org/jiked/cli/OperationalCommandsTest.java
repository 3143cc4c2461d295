package org.jiked.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jiked.ike.IkeSaInfo;
import org.junit.jupiter.api.Test;

class OperationalCommandsTest {
    final List<InetAddress> clearedPeers = new ArrayList<>();
    int clearedIpsec;

    final IkeSaInfo.ChildSaInfo child = new IkeSaInfo.ChildSaInfo("vpn1", "INSTALLED", 0xc4e8b5ae, 0x7d92b6a5,
            "aes-gcm (256 bits)", "none", 0, false, "[198.51.100.0/24]", "[203.0.113.0/24]", 3600, 3396, 0, false,
            10, 1, 20, 2, 500, 3000);
    final IkeSaInfo sa = new IkeSaInfo(7, "gw1", "UP", true, 0xd2c9b2bd4b1dbe4cL, 0xb0c89d0c83d1eb57L,
            new InetSocketAddress(InetAddress.ofLiteral("192.0.2.1"), 500),
            new InetSocketAddress(InetAddress.ofLiteral("192.0.2.2"), 500), "192.0.2.1", "192.0.2.2",
            "aes-gcm (256 bits)", "hmac-sha256", "none", 31, 28800, 28750, 1_700_000_000_000L, false, 2, 0,
            List.of(child), 25000, 1, 3, true, "probe-idle-tunnel, interval 10 s, threshold 5",
            "count 3, initial interval 1 s, max interval 8 s");

    List<org.jiked.ike.FailedPeer> failed = List.of(new org.jiked.ike.FailedPeer("198.51.100.7", 4500,
            "pico-17.example.net", "pico", "responder", "IKE_AUTH", "AUTHENTICATION_FAILED",
            "pre-shared key mismatch", 1_700_000_000_000L));

    final OperationalCommands commands = new OperationalCommands(new GatewayOperations() {
        @Override
        public List<IkeSaInfo> ikeSas() {
            return List.of(sa);
        }

        @Override
        public Map<String, Long> ikeStats() {
            Map<String, Long> m = new LinkedHashMap<>();
            m.put("auth-failures", 3L);
            return m;
        }

        @Override
        public Map<String, Long> ipsecStatistics() {
            Map<String, Long> m = new LinkedHashMap<>();
            m.put("decrypted-packets", 12L);
            m.put("dropped-replay", 1L);
            return m;
        }

        @Override
        public String configuration(boolean setForm) {
            return setForm ? "set system host-name x\n" : "system {\n    host-name x;\n}\n";
        }

        @Override
        public int clearIkeSas(InetAddress peer) {
            clearedPeers.add(peer);
            return 1;
        }

        @Override
        public int clearIpsecSas() {
            return ++clearedIpsec;
        }

        @Override
        public List<org.jiked.ike.FailedPeer> ikeFailedPeers() {
            return failed;
        }

        @Override
        public int clearIkeFailedPeers() {
            int n = failed.size();
            failed = List.of();
            return n;
        }

        @Override
        public String seededPreSharedKey(String ikePolicy, String userId) {
            if (!ikePolicy.equals("pico-pol")) {
                throw new IllegalArgumentException("IKE policy " + ikePolicy + " is not configured");
            }
            return org.jiked.ike.SeededPreSharedKey.text("pico seed".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    userId);
        }

        @Override
        public List<org.jiked.ike.PeerStatus> ikePeers(String kind) {
            return List.of(new org.jiked.ike.PeerStatus("192.0.2.9", 0, "", "BLOCKED", "blocklist rule r1", 42));
        }
    });

    @Test
    void ipsecStatisticsInTextAndJson() {
        var r = commands.execute("show security ipsec statistics");
        assertTrue(r.ok() && r.body().matches("(?s)ESP statistics:\n  decrypted-packets +12\n  dropped-replay +1\n"),
                r.body());
        var j = commands.execute("show security ipsec statistics | display json");
        assertTrue(j.body().contains("\"ipsec-statistics\"") && j.body().contains("\"dropped-replay\": 1"), j.body());
        assertTrue(commands.execute("show security ipsec security-associations").ok(), "still reached by its own name");
    }

    @Test
    void ikeSecurityAssociationsBriefHasJunosColumns() {
        var r = commands.execute("show security ike security-associations");
        assertTrue(r.ok());
        String[] lines = r.body().split("\n");
        assertTrue(lines[0].startsWith("Index   State  Initiator cookie  Responder cookie  Mode"), lines[0]);
        assertTrue(lines[1].matches("7\\s+UP\\s+d2c9b2bd4b1dbe4c\\s+b0c89d0c83d1eb57\\s+IKEv2\\s+192\\.0\\.2\\.2"), lines[1]);
    }

    @Test
    void abbreviatedWordsAndDetail() {
        var r = commands.execute("sh sec ike sec detail");
        assertTrue(r.ok(), r.body());
        assertTrue(r.body().contains("IKE peer 192.0.2.2, Index 7, Gateway Name: gw1"), r.body());
        assertTrue(r.body().contains("Diffie-Hellman group  : DH-group-31"));
        assertTrue(r.body().contains("Rekey: in 25000 seconds"), r.body());
        assertTrue(r.body().contains("Reauth Lifetime: after 3 rekeys, 1 done"), r.body());
        assertTrue(r.body().contains("Dead peer detection: probe-idle-tunnel, interval 10 s, threshold 5"), r.body());
        assertTrue(r.body().contains("Retransmission: count 3, initial interval 1 s, max interval 8 s"), r.body());
    }

    @Test
    void ipsecSecurityAssociationsShowBothDirections() {
        var r = commands.execute("show security ipsec security-associations");
        assertTrue(r.body().contains("Total active tunnels: 1"), r.body());
        assertTrue(r.body().contains("<7001"), r.body());
        assertTrue(r.body().contains("ESP:aes-gcm-256/None"), r.body());
        assertTrue(r.body().contains("c4e8b5ae") && r.body().contains("7d92b6a5"));
        assertTrue(r.body().contains("3396/ unlim"));
    }

    @Test
    void jsonOutput() {
        var r = commands.execute("show security ipsec security-associations | display json");
        assertTrue(r.body().contains("\"inbound-spi\": \"c4e8b5ae\""), r.body());
        var ike = commands.execute("show security ike security-associations | display json");
        assertTrue(ike.body().contains("\"state\": \"UP\""), ike.body());
        assertTrue(commands.execute("show security ike stats | display json").body().contains("\"auth-failures\": 3"));
    }

    @Test
    void clearCommands() {
        assertEquals("Cleared 1 IKE security association\n",
                commands.execute("clear security ike security-associations 192.0.2.2").body());
        assertEquals(InetAddress.ofLiteral("192.0.2.2"), clearedPeers.getFirst());
        commands.execute("clear security ike security-associations");
        assertEquals(null, clearedPeers.get(1));
        commands.execute("clear security ipsec security-associations");
        assertEquals(1, clearedIpsec);
    }

    @Test
    void configurationInBothForms() {
        assertEquals("system {\n    host-name x;\n}\n", commands.execute("show configuration").body());
        assertEquals("set system host-name x\n", commands.execute("show configuration | display set").body());
    }

    @Test
    void errorsNameTheAlternatives() {
        var r = commands.execute("show security ike bogus");
        assertFalse(r.ok());
        assertTrue(r.body().contains("expected one of: show security ike security-associations"), r.body());
        assertFalse(commands.execute("clear security ike security-associations not-an-address").ok());
        assertFalse(commands.execute("show security ike security-associations | count").ok());
        assertFalse(commands.execute("   ").ok());
    }

    @Test
    void activePeersListsEstablishedSas() {
        var r = commands.execute("show security ike active-peer");
        assertTrue(r.ok(), r.body());
        assertTrue(r.body().lines().anyMatch(l -> l.matches("192\\.0\\.2\\.2\\s+500\\s+192\\.0\\.2\\.2\\s+gw1\\s+1")),
                r.body());
        assertTrue(r.body().contains("Total active peers: 1"), r.body());
        assertTrue(commands.execute("show security ike active-peer | display json").body()
                .contains("\"peer-ike-id\": \"192.0.2.2\""));
    }

    @Test
    void failedPeersInTextAndJsonAndCleared() {
        var r = commands.execute("show security ike peers failed");
        assertTrue(r.ok(), r.body());
        String[] lines = r.body().split("\n");
        assertTrue(lines[0].matches("Remote Address +Port +IKE-ID +Gateway +Phase +Failure Reason +Time \\(UTC\\)"),
                lines[0]);
        assertTrue(lines[1].matches("198\\.51\\.100\\.7 +4500 +pico-17\\.example\\.net +pico +IKE_AUTH"
                + " +AUTHENTICATION_FAILED +2023-11-14 22:13:20"), lines[1]);
        assertTrue(r.body().contains("Total failed peers: 1"), r.body());
        var j = commands.execute("show security ike peers failed | display json");
        assertTrue(j.body().contains("\"ike-failed-peers\"") && j.body().contains("\"peer-ike-id\": \"pico-17.example.net\"")
                && j.body().contains("\"failure-reason\": \"AUTHENTICATION_FAILED\"")
                && j.body().contains("\"time\": \"2023-11-14T22:13:20Z\""), j.body());
        assertEquals("Cleared 1 failed peer negotiation\n", commands.execute("clear security ike peers failed").body());
        assertTrue(commands.execute("show security ike peers failed").body().contains("Total failed peers: 0"));
        assertFalse(commands.execute("clear security ike peers failed now").ok());
    }

    @Test
    void requestPrintsTheSeededKeyOfAUserFromThePolicyOrAMasterKey() {
        String expected = org.jiked.ike.SeededPreSharedKey.text(
                "pico seed".getBytes(java.nio.charset.StandardCharsets.UTF_8), "pico-17.example.net");
        var r = commands.execute("request security ike pre-shared-key user-id pico-17.example.net ike-policy pico-pol");
        assertEquals("Pre-shared key for user-id pico-17.example.net: " + expected + "\n", r.body());
        var plain = commands.execute("request security ike pre-shared-key master-key pico user-id pico-17.example.net");
        assertTrue(plain.ok(), plain.body());
        assertFalse(plain.body().contains(expected), "another seed, another key");
        var j = commands.execute("request security ike pre-shared-key user-id pico-17.example.net ike-policy pico-pol"
                + " | display json");
        assertTrue(j.body().contains("\"pre-shared-key\": \"" + expected + "\""), j.body());
        assertFalse(commands.execute("request security ike pre-shared-key user-id x ike-policy nope").ok());
        assertFalse(commands.execute("request security ike pre-shared-key user-id x").ok());
        assertFalse(commands.execute("request security ike pre-shared-key user-id x ike-policy pico-pol master-key k")
                .ok());
    }

    @Test
    void peersByKindAndErrors() {
        var r = commands.execute("show security ike peers blocked");
        assertTrue(r.ok(), r.body());
        assertTrue(r.body().lines().anyMatch(l -> l.startsWith("192.0.2.9") && l.contains("BLOCKED") && l.endsWith("42")),
                r.body());
        assertTrue(commands.execute("show security ike peers backoff | display json").body()
                .contains("\"reason\": \"blocklist rule r1\""));
        assertFalse(commands.execute("show security ike peers").ok());
        assertFalse(commands.execute("show security ike peers everything").ok());
        assertEquals("Cleared the backoff of 0 peers\n",
                commands.execute("clear security ike peers backoff").body());
    }
}
