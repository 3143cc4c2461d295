package org.jiked.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jiked.config.model.Identity;
import org.jiked.config.model.PkiConfig;
import org.jiked.config.parse.ConfigParser;
import org.jiked.config.parse.ConfigRenderer;
import org.jiked.config.parse.Configuration;
import org.junit.jupiter.api.Test;

/** {@code security pki}, {@code certificate} on IKE policies and distinguished-name identities. */
class PkiConfigTest {
    static final String CONFIG = """
            set security pki ca-profile Root-CA ca-identity Root-CA
            set security pki ca-profile Root-CA certificate-file /etc/jiked/pki/root.crt
            set security pki ca-profile Root-CA revocation-check crl disable on-download-failure
            set security pki ca-profile Root-CA revocation-check crl refresh-interval 24
            set security pki ca-profile Root-CA revocation-check crl url http://192.0.2.9/root.crl
            set security pki ca-profile Dev-CA ca-identity Dev-CA
            set security pki ca-profile Dev-CA certificate-file /etc/jiked/pki/dev.crt
            set security pki ca-profile Dev-CA revocation-check disable
            set security pki trusted-ca-group roots ca-profiles [ Root-CA Dev-CA ]
            set security pki local-certificate Host-A certificate-file /etc/jiked/pki/host-a.crt
            set security pki local-certificate Host-A private-key-file /etc/jiked/pki/host-a.key
            set security pki local-certificate Host-A private-key-password ascii-text "key pass"
            set security ike proposal cert-p authentication-method rsa-signatures
            set security ike proposal cert-p dh-group group14
            set security ike proposal cert-p authentication-algorithm sha-256
            set security ike proposal cert-p encryption-algorithm aes-256-cbc
            set security ike policy cert-pol proposals cert-p
            set security ike policy cert-pol certificate local-certificate Host-A
            set security ike policy cert-pol certificate trusted-ca trusted-ca-group roots
            set security ike gateway gw ike-policy cert-pol
            set security ike gateway gw address 192.0.2.2
            set security ike gateway gw version v2-only
            set security ike gateway gw local-identity distinguished-name
            set security ike gateway gw remote-identity distinguished-name container "O=jiked, OU=Sales"
            """;

    @Test
    void dynamicGatewaysTakeADistinguishedNameContainerOrWildcard() throws Exception {
        String dynamic = CONFIG.replace("set security ike gateway gw address 192.0.2.2\n", "")
                .replace("set security ike gateway gw remote-identity distinguished-name container \"O=jiked, OU=Sales\"\n",
                        "set security ike gateway gw local-address 192.0.2.1\n");
        SecurityConfig c = SecurityConfig.parse(dynamic
                + "set security ike gateway gw dynamic distinguished-name wildcard \"O=jiked, OU=Eng\"\n", "t.conf");
        var id = c.ikeGateways().get("gw").dynamic().remoteIdentity();
        assertEquals(org.jiked.config.model.Identity.Type.DISTINGUISHED_NAME, id.type());
        assertEquals("wildcard O=jiked, OU=Eng", id.text());
        SecurityConfig d = SecurityConfig.parse(dynamic
                + "set security ike gateway gw dynamic distinguished-name container \"C=CH, O=jiked\"\n", "t.conf");
        assertEquals("container C=CH, O=jiked", d.ikeGateways().get("gw").dynamic().remoteIdentity().text());
    }

    @Test
    void pkiStatementsBuildTheModel() throws Exception {
        SecurityConfig c = SecurityConfig.parse(CONFIG, "t.conf");
        PkiConfig pki = c.pki();
        PkiConfig.CaProfile root = pki.caProfiles().get("Root-CA");
        assertTrue(root.crl() && root.acceptOnDownloadFailure());
        assertEquals(24, root.refreshHours());
        assertEquals("http://192.0.2.9/root.crl", root.crlUrl());
        assertFalse(pki.caProfiles().get("Dev-CA").crl());
        assertEquals(List.of("Root-CA", "Dev-CA"), pki.trustedCaGroups().get("roots"));
        assertEquals("key pass", pki.localCertificates().get("Host-A").password());
        var policy = c.ikePolicies().get("cert-pol");
        assertTrue(policy.usesCertificates());
        assertNull(policy.preSharedKey());
        assertEquals("Host-A", policy.localCertificate());
        assertEquals("roots", policy.trustedCaGroup());
        var gw = c.ikeGateways().get("gw");
        assertEquals(Identity.Type.DISTINGUISHED_NAME, gw.localIdentity().type());
        assertEquals("container O=jiked, OU=Sales", gw.remoteIdentity().text());
    }

    @Test
    void qualifiedDistinguishedNameRendersAndParsesBack() throws Exception {
        Configuration tree = ConfigParser.parse(CONFIG, "t.conf");
        String braces = ConfigRenderer.showConfiguration(tree, ConfigRenderer.Secrets.SHOWN);
        String set = ConfigRenderer.displaySet(tree, ConfigRenderer.Secrets.SHOWN);
        assertTrue(braces.contains("remote-identity distinguished-name container \"O=jiked, OU=Sales\";"), braces);
        assertTrue(set.contains("set security ike gateway gw remote-identity distinguished-name container \"O=jiked, OU=Sales\""), set);
        assertEquals(tree, ConfigParser.parse(braces, "b.conf"));
        assertEquals(tree, ConfigParser.parse(set, "s.conf"));
        String hidden = ConfigRenderer.showConfiguration(tree, ConfigRenderer.Secrets.HIDDEN);
        assertFalse(hidden.contains("key pass"), hidden);
    }
}
