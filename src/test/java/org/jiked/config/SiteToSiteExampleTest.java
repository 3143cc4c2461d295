package org.jiked.config;

import static org.jiked.config.ConfigTestSupport.EXAMPLE_BRACES;
import static org.jiked.config.ConfigTestSupport.EXAMPLE_SET;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jiked.config.model.AuthenticationMethod;
import org.jiked.config.model.DhGroup;
import org.jiked.config.model.EncryptionAlgorithm;
import org.jiked.config.model.EstablishTunnels;
import org.jiked.config.model.Identity;
import org.jiked.config.model.IkeAuthenticationAlgorithm;
import org.jiked.config.model.IkeGateway;
import org.jiked.config.model.IkeProposal;
import org.jiked.config.model.IpPrefix;
import org.jiked.config.model.IpsecProposal;
import org.jiked.config.model.IpsecVpn;
import org.jiked.config.model.TrafficSelector;
import org.jiked.config.parse.Configuration;
import org.jiked.wire.IdType;
import org.jiked.wire.TransformType;
import org.junit.jupiter.api.Test;

/** The shipped examples: both forms must give the same, fully resolved model. */
class SiteToSiteExampleTest {

    @Test
    void bothFormsGiveTheSameTreeAndModel() throws Exception {
        SecurityConfig set = SecurityConfig.load(EXAMPLE_SET);
        SecurityConfig braces = SecurityConfig.load(EXAMPLE_BRACES);
        assertEquals(Configuration.Form.SET, set.tree().form());
        assertEquals(Configuration.Form.BRACES, braces.tree().form());
        assertEquals(set.tree(), braces.tree());
        assertEquals(set.hostName(), braces.hostName());
        assertEquals(set.ikeProposals(), braces.ikeProposals());
        assertEquals(set.ikePolicies(), braces.ikePolicies());
        assertEquals(set.ikeGateways(), braces.ikeGateways());
        assertEquals(set.ipsecProposals(), braces.ipsecProposals());
        assertEquals(set.ipsecPolicies(), braces.ipsecPolicies());
        assertEquals(set.vpns(), braces.vpns());
    }

    @Test
    void resolvesTheVpn() throws Exception {
        SecurityConfig config = SecurityConfig.load(EXAMPLE_SET);
        assertEquals("vpn-gw1", config.hostName());
        assertEquals(1, config.vpns().size());
        IpsecVpn vpn = config.vpn("vpn-site-b");
        assertEquals(EstablishTunnels.IMMEDIATELY, vpn.establishTunnels());

        IkeGateway gw = vpn.gateway();
        assertEquals("gw-site-b", gw.name());
        assertEquals(List.of(InetAddress.ofLiteral("192.0.2.2")), gw.addresses());
        assertEquals(InetAddress.ofLiteral("192.0.2.1"), gw.localAddress());
        assertNull(gw.externalInterface());
        assertEquals(IdType.ID_IPV4_ADDR, gw.localIdentity().idType());
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 1}, gw.localIdentity().data());
        assertEquals(Identity.ofAddress(InetAddress.ofLiteral("192.0.2.2")), gw.remoteIdentity());

        assertArrayEquals("change-me: a long random passphrase".getBytes(StandardCharsets.UTF_8),
                gw.policy().preSharedKey());
        IkeProposal ike = gw.policy().proposals().get(0);
        assertEquals(new IkeProposal("ike-aes256gcm", AuthenticationMethod.PRE_SHARED_KEYS, DhGroup.GROUP19,
                IkeAuthenticationAlgorithm.SHA_384, EncryptionAlgorithm.AES_256_GCM, 28800), ike);
        // What the IKE engine puts in the SA payload, straight from the model:
        assertEquals(TransformType.ENCR_AES_GCM_16, ike.encryptionAlgorithm().transformId());
        assertEquals(256, ike.encryptionAlgorithm().keyLengthAttribute());
        assertEquals(TransformType.PRF_HMAC_SHA2_384, ike.prfTransformId());
        assertEquals(TransformType.AUTH_NONE, ike.integrityTransformId());
        assertEquals(TransformType.ECP_256, ike.dhGroup().transformId());

        assertEquals(DhGroup.GROUP19, vpn.policy().pfsGroup());
        assertEquals(List.of(new IpsecProposal("esp-aes256gcm", EncryptionAlgorithm.AES_256_GCM, null, 3600, 0)),
                vpn.policy().proposals());
        assertEquals(List.of(new TrafficSelector("ts-lan", IpPrefix.parse("198.51.100.0/24"),
                IpPrefix.parse("203.0.113.0/24"))), vpn.trafficSelectors());
    }

    @Test
    void checkSucceedsOnBothExamples() {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        assertEquals(ConfigCheck.OK, ConfigCheck.run(EXAMPLE_SET, quiet, System.err));
        assertEquals(ConfigCheck.OK, ConfigCheck.run(EXAMPLE_BRACES, quiet, System.err));
    }
}
