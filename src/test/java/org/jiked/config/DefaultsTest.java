package org.jiked.config;

import static org.jiked.config.ConfigTestSupport.BASE;
import static org.jiked.config.ConfigTestSupport.parse;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jiked.config.model.Defaults;
import org.jiked.config.model.DhGroup;
import org.jiked.config.model.EncryptionAlgorithm;
import org.jiked.config.model.EstablishTunnels;
import org.jiked.config.model.Identity;
import org.jiked.config.model.IkeAuthenticationAlgorithm;
import org.jiked.config.model.IkeGateway;
import org.jiked.config.model.IkeProposal;
import org.jiked.config.model.IpsecAuthenticationAlgorithm;
import org.jiked.config.model.IpsecProposal;
import org.jiked.config.model.IpsecVpn;
import org.jiked.wire.IdType;
import org.jiked.wire.TransformType;
import org.junit.jupiter.api.Test;

/** Statements left out take the Junos defaults; optional statements come through typed. */
class DefaultsTest {

    @Test
    void junosDefaultsAreFilledIn() {
        SecurityConfig config = parse(BASE);
        assertNull(config.hostName());
        IkeProposal ike = config.ikeProposals().get("ike-prop");
        assertEquals(Defaults.IKE_LIFETIME_SECONDS, ike.lifetimeSeconds());
        IpsecProposal esp = config.ipsecProposals().get("esp-prop");
        assertEquals(3600, esp.lifetimeSeconds());
        assertEquals(0, esp.lifetimeKilobytes());
        assertNull(esp.authenticationAlgorithm());
        IpsecVpn vpn = config.vpn("vpn1");
        assertEquals(EstablishTunnels.ON_TRAFFIC, vpn.establishTunnels());
        assertNull(vpn.policy().pfsGroup());
        IkeGateway gw = vpn.gateway();
        assertNull(gw.localAddress());
        assertNull(gw.externalInterface());
        assertNull(gw.localIdentity());
        assertNull(gw.remoteIdentity());
        InetAddress local = InetAddress.ofLiteral("192.0.2.1");
        InetAddress peer = InetAddress.ofLiteral("192.0.2.2");
        assertEquals(Identity.ofAddress(local), gw.effectiveLocalIdentity(local));
        assertEquals(Identity.ofAddress(peer), gw.effectiveRemoteIdentity(peer));
    }

    @Test
    void cbcProposalsNegotiateTheirIntegrityAlgorithm() {
        IkeProposal ike = parse(BASE).ikeProposals().get("ike-prop");
        assertEquals(TransformType.ENCR_AES_CBC, ike.encryptionAlgorithm().transformId());
        assertEquals(128, ike.encryptionAlgorithm().keyLengthAttribute());
        assertEquals(TransformType.PRF_HMAC_SHA2_256, ike.prfTransformId());
        assertEquals(TransformType.AUTH_HMAC_SHA2_256_128, ike.integrityTransformId());
        assertEquals(TransformType.MODP_2048, ike.dhGroup().transformId());
    }

    @Test
    void aeadIkeProposalWithoutAuthenticationAlgorithmGetsAPrf() {
        SecurityConfig config = parse(BASE + """
                set security ike proposal gcm128 authentication-method pre-shared-keys
                set security ike proposal gcm128 dh-group group19
                set security ike proposal gcm128 encryption-algorithm aes-128-gcm
                set security ike proposal gcm256 authentication-method pre-shared-keys
                set security ike proposal gcm256 dh-group group20
                set security ike proposal gcm256 encryption-algorithm aes-256-gcm
                set security ike proposal chacha authentication-method pre-shared-keys
                set security ike proposal chacha dh-group group31
                set security ike proposal chacha encryption-algorithm chacha20-poly1305
                """);
        assertEquals(IkeAuthenticationAlgorithm.SHA_256, config.ikeProposals().get("gcm128").authenticationAlgorithm());
        assertEquals(IkeAuthenticationAlgorithm.SHA_384, config.ikeProposals().get("gcm256").authenticationAlgorithm());
        IkeProposal chacha = config.ikeProposals().get("chacha");
        assertEquals(TransformType.ENCR_CHACHA20_POLY1305, chacha.encryptionAlgorithm().transformId());
        assertEquals(0, chacha.encryptionAlgorithm().keyLengthAttribute(), "RFC 7634: no key length attribute");
        assertEquals(TransformType.AUTH_NONE, chacha.integrityTransformId());
        assertEquals(TransformType.CURVE25519, chacha.dhGroup().transformId());
    }

    @Test
    void optionalStatementsComeThroughTyped() {
        SecurityConfig config = parse(BASE + """
                set system host-name gw1.example.net
                set security ike policy hex proposals ike-prop
                set security ike policy hex pre-shared-key hexadecimal 00a1FF
                set security ike gateway gw6 ike-policy hex
                set security ike gateway gw6 address [ 2001:db8::2 2001:db8::3 ]
                set security ike gateway gw6 local-address 2001:db8::1
                set security ike gateway gw6 external-interface eth0
                set security ike gateway gw6 local-identity hostname vpn.example.net
                set security ike gateway gw6 remote-identity user-at-hostname peer@example.net
                set security ike gateway gw6 version v2-only
                set security ike gateway gwk ike-policy hex
                set security ike gateway gwk address 192.0.2.3
                set security ike gateway gwk local-identity key-id site-a
                set security ike gateway gwk remote-identity inet6 2001:db8::3
                set security ike gateway gwk version v2-only
                set security ipsec proposal cbc authentication-algorithm hmac-sha-384
                set security ipsec proposal cbc encryption-algorithm aes-192-cbc
                set security ipsec proposal cbc lifetime-seconds 86400
                set security ipsec proposal cbc lifetime-kilobytes 4294967294
                set security ipsec policy pfs perfect-forward-secrecy keys group21
                set security ipsec policy pfs proposals [ cbc esp-prop ]
                """);
        assertEquals("gw1.example.net", config.hostName());
        assertArrayEquals(new byte[] {0x00, (byte) 0xa1, (byte) 0xff}, config.ikePolicies().get("hex").preSharedKey());

        IkeGateway gw6 = config.ikeGateways().get("gw6");
        assertEquals(List.of(InetAddress.ofLiteral("2001:db8::2"), InetAddress.ofLiteral("2001:db8::3")), gw6.addresses());
        assertEquals(InetAddress.ofLiteral("2001:db8::1"), gw6.localAddress());
        assertEquals("eth0", gw6.externalInterface());
        assertEquals(IdType.ID_FQDN, gw6.localIdentity().idType());
        assertArrayEquals("vpn.example.net".getBytes(StandardCharsets.US_ASCII), gw6.localIdentity().data());
        assertEquals(IdType.ID_RFC822_ADDR, gw6.remoteIdentity().idType());
        assertEquals("user-at-hostname peer@example.net", gw6.remoteIdentity().toString());

        IkeGateway gwk = config.ikeGateways().get("gwk");
        assertEquals(IdType.ID_KEY_ID, gwk.localIdentity().idType());
        assertArrayEquals("site-a".getBytes(StandardCharsets.US_ASCII), gwk.localIdentity().data());
        assertEquals(IdType.ID_IPV6_ADDR, gwk.remoteIdentity().idType());
        assertEquals(16, gwk.remoteIdentity().data().length);

        IpsecProposal cbc = config.ipsecProposals().get("cbc");
        assertEquals(new IpsecProposal("cbc", EncryptionAlgorithm.AES_192_CBC,
                IpsecAuthenticationAlgorithm.HMAC_SHA_384, 86400, 4294967294L), cbc);
        assertEquals(TransformType.AUTH_HMAC_SHA2_384_192, cbc.integrityTransformId());
        assertEquals(DhGroup.GROUP21, config.ipsecPolicies().get("pfs").pfsGroup());
        assertEquals(List.of("cbc", "esp-prop"),
                config.ipsecPolicies().get("pfs").proposals().stream().map(IpsecProposal::name).toList());
    }

    @Test
    void suiteBAndPrimeSetsExpandToSupportedProposals() {
        SecurityConfig config = parse(BASE + """
                set security ike policy suiteb proposal-set suiteb-gcm-256
                set security ike policy suiteb pre-shared-key ascii-text "another key"
                set security ike policy prime proposal-set prime-128
                set security ike policy prime pre-shared-key ascii-text "another key"
                set security ipsec policy suiteb proposal-set suiteb-gcm-128
                """);
        IkeProposal suiteb = config.ikePolicies().get("suiteb").proposals().get(0);
        assertEquals(DhGroup.GROUP20, suiteb.dhGroup());
        assertEquals(EncryptionAlgorithm.AES_256_CBC, suiteb.encryptionAlgorithm());
        assertEquals(IkeAuthenticationAlgorithm.SHA_384, suiteb.authenticationAlgorithm());
        assertEquals(Defaults.IKE_PROPOSAL_SET_LIFETIME_SECONDS, suiteb.lifetimeSeconds());
        IkeProposal prime = config.ikePolicies().get("prime").proposals().get(0);
        assertEquals(EncryptionAlgorithm.AES_128_GCM, prime.encryptionAlgorithm());
        assertEquals(DhGroup.GROUP19, prime.dhGroup());
        IpsecProposal esp = config.ipsecPolicies().get("suiteb").proposals().get(0);
        assertEquals(EncryptionAlgorithm.AES_128_GCM, esp.encryptionAlgorithm());
        assertNull(esp.authenticationAlgorithm());
    }

    @Test
    void unusedDefinitionsAreKept() {
        SecurityConfig config = parse(BASE + """
                set security ipsec proposal spare encryption-algorithm aes-256-gcm
                """);
        assertEquals(List.of("esp-prop", "spare"), List.copyOf(config.ipsecProposals().keySet()));
    }

    @Test
    void anEmptyFileIsAnEmptyConfiguration() {
        SecurityConfig config = parse("# nothing here yet\n");
        assertEquals(List.of(), config.vpns());
        assertEquals(0, config.ikeProposals().size());
    }

    @Test
    void thePreSharedKeyNeverShowsInToString() {
        SecurityConfig config = parse(BASE);
        String text = config.toString();
        assertEquals(-1, text.indexOf("test-key"), text);
    }

    @Test
    void deadPeerDetectionTakesJunosDefaults() {
        assertNull(parse(BASE).ikeGateways().get("gw").deadPeerDetection());
        var dpd = parse(BASE + "set security ike gateway gw dead-peer-detection\n")
                .ikeGateways().get("gw").deadPeerDetection();
        assertEquals(org.jiked.config.model.DeadPeerDetection.Mode.OPTIMIZED, dpd.mode());
        assertEquals(10, dpd.intervalSeconds());
        assertEquals(5, dpd.threshold());
        var set = parse(BASE + """
                set security ike gateway gw dead-peer-detection probe-idle-tunnel
                set security ike gateway gw dead-peer-detection interval 2
                set security ike gateway gw dead-peer-detection threshold 3
                """).ikeGateways().get("gw").deadPeerDetection();
        assertEquals(new org.jiked.config.model.DeadPeerDetection(
                org.jiked.config.model.DeadPeerDetection.Mode.PROBE_IDLE_TUNNEL, 2, 3), set);
    }

    @Test
    void reauthFrequencyDefaultsToZeroAndIsRangeChecked() {
        assertEquals(0, parse(BASE).ikePolicies().get("ike-pol").reauthFrequency());
        assertEquals(3, parse(BASE + "set security ike policy ike-pol reauth-frequency 3\n")
                .ikePolicies().get("ike-pol").reauthFrequency());
        var errors = ConfigTestSupport.errors(BASE + "set security ike policy ike-pol reauth-frequency 101\n");
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(true, errors.getFirst().message().contains("reauth-frequency"), errors.toString());
    }

    @Test
    void natTraversalAndFragmentationStatements() {
        var gw = parse(BASE).ikeGateways().get("gw");
        assertEquals(true, gw.natTraversal());
        assertEquals(20, gw.natKeepaliveSeconds());
        assertEquals(true, gw.fragmentationEnabled());
        assertEquals(0, gw.fragmentSize());
        var set = parse(BASE + """
                set security ike gateway gw no-nat-traversal
                set security ike gateway gw nat-keepalive 5
                set security ike gateway gw fragmentation size 1000
                """).ikeGateways().get("gw");
        assertEquals(false, set.natTraversal());
        assertEquals(5, set.natKeepaliveSeconds());
        assertEquals(1000, set.fragmentSize());
        assertEquals(false, parse(BASE + "set security ike gateway gw fragmentation disable\n")
                .ikeGateways().get("gw").fragmentationEnabled());
        assertEquals(1, ConfigTestSupport.errors(BASE + "set security ike gateway gw fragmentation size 499\n").size());
    }

    @Test
    void blocklistRulesInOrderWithJunosDefaults() {
        var policy = parse(BASE + """
                set security ike blocklists bl1 rule r1 match id-type hostname
                set security ike blocklists bl1 rule r1 match id-pattern "peer.*\\.example\\.net"
                set security ike blocklists bl1 rule r1 then reject
                set security ike blocklists bl1 rule r2 match role responder
                set security ike blocklists bl1 rule r2 then discard
                set security ike blocklists bl1 rule r2 then backoff 30
                set security ike policy ike-pol blocklist bl1
                """).ikePolicies().get("ike-pol");
        var rules = policy.blocklist().rules();
        assertEquals(2, rules.size());
        assertEquals("r1", rules.get(0).name());
        assertEquals(org.jiked.config.model.Blocklist.Role.INITIATOR, rules.get(0).role(), "the Junos default role");
        assertEquals(org.jiked.config.model.Identity.Type.HOSTNAME, rules.get(0).idType());
        assertEquals(true, rules.get(0).idPattern().matcher("peer7.example.net").find());
        assertEquals(org.jiked.config.model.Blocklist.Action.REJECT, rules.get(0).action());
        assertEquals(org.jiked.config.model.Blocklist.Role.RESPONDER, rules.get(1).role());
        assertEquals(30, rules.get(1).backoffSeconds());
        var undefined = ConfigTestSupport.errors(BASE + "set security ike policy ike-pol blocklist nope\n");
        assertEquals(1, undefined.size(), undefined.toString());
    }
}
