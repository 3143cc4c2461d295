package org.jiked.config.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.jiked.config.ConfigException;
import org.jiked.config.SecurityConfig;
import org.jiked.config.parse.ConfigParser;
import org.jiked.wire.AuthMethod;
import org.jiked.wire.TransformType;
import org.junit.jupiter.api.Test;

/** The enums carry the IANA numbers, and the schema accepts exactly their keywords. */
class AlgorithmTest {

    @Test
    void ianaNumbers() {
        assertEquals(TransformType.ENCR_AES_CBC, EncryptionAlgorithm.AES_192_CBC.transformId());
        assertEquals(192, EncryptionAlgorithm.AES_192_CBC.keyLengthAttribute());
        assertEquals(TransformType.ENCR_AES_GCM_16, EncryptionAlgorithm.AES_128_GCM.transformId());
        assertTrue(EncryptionAlgorithm.AES_128_GCM.aead());
        assertFalse(EncryptionAlgorithm.AES_256_CBC.aead());
        assertEquals(TransformType.PRF_HMAC_SHA1, IkeAuthenticationAlgorithm.SHA1.prf());
        assertEquals(TransformType.AUTH_HMAC_SHA1_96, IkeAuthenticationAlgorithm.SHA1.integ());
        assertEquals(TransformType.PRF_HMAC_SHA2_512, IkeAuthenticationAlgorithm.SHA_512.prf());
        assertEquals(TransformType.AUTH_HMAC_SHA2_512_256, IkeAuthenticationAlgorithm.SHA_512.integ());
        assertEquals(TransformType.AUTH_HMAC_SHA2_256_128, IpsecAuthenticationAlgorithm.HMAC_SHA_256_128.integ());
        assertEquals(AuthMethod.SHARED_KEY_MIC, AuthenticationMethod.PRE_SHARED_KEYS.authMethod());
        assertEquals(AuthMethod.ECDSA_SHA384_P384, AuthenticationMethod.ECDSA_SIGNATURES_384.authMethod());
        for (DhGroup g : DhGroup.values()) {
            assertEquals(g.keyword(), "group" + g.transformId(), "Junos numbers groups like IANA");
        }
    }

    @Test
    void ikeAndIpsecAcceptTheirOwnCiphers() {
        assertEquals(List.of("aes-128-cbc", "aes-192-cbc", "aes-256-cbc", "aes-128-gcm", "aes-256-gcm", "chacha20-poly1305"),
                Arrays.stream(EncryptionAlgorithm.forIke()).map(EncryptionAlgorithm::keyword).toList());
        assertEquals(List.of("aes-128-cbc", "aes-192-cbc", "aes-256-cbc", "aes-128-gcm", "aes-192-gcm", "aes-256-gcm"),
                Arrays.stream(EncryptionAlgorithm.forIpsec()).map(EncryptionAlgorithm::keyword).toList());
    }

    @Test
    void everyKeywordOfEveryEnumParses() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (AuthenticationMethod m : AuthenticationMethod.values()) {
            sb.append("set security ike proposal p").append(m.ordinal()).append(" authentication-method ").append(m.keyword()).append('\n');
        }
        int i = 0;
        for (DhGroup g : DhGroup.values()) {
            sb.append("set security ike proposal d").append(i).append(" dh-group ").append(g.keyword()).append('\n');
            sb.append("set security ipsec policy d").append(i++).append(" perfect-forward-secrecy keys ").append(g.keyword()).append('\n');
        }
        for (EncryptionAlgorithm e : EncryptionAlgorithm.forIke()) {
            sb.append("set security ike proposal e").append(i++).append(" encryption-algorithm ").append(e.keyword()).append('\n');
        }
        for (EncryptionAlgorithm e : EncryptionAlgorithm.forIpsec()) {
            sb.append("set security ipsec proposal e").append(i++).append(" encryption-algorithm ").append(e.keyword()).append('\n');
        }
        for (IkeAuthenticationAlgorithm a : IkeAuthenticationAlgorithm.values()) {
            sb.append("set security ike proposal a").append(i++).append(" authentication-algorithm ").append(a.keyword()).append('\n');
        }
        for (IpsecAuthenticationAlgorithm a : IpsecAuthenticationAlgorithm.values()) {
            sb.append("set security ipsec proposal a").append(i++).append(" authentication-algorithm ").append(a.keyword()).append('\n');
        }
        for (EstablishTunnels t : EstablishTunnels.values()) {
            sb.append("set security ipsec vpn v").append(i++).append(" establish-tunnels ").append(t.keyword()).append('\n');
        }
        for (ProposalSet s : ProposalSet.values()) {
            sb.append("set security ike policy s").append(i).append(" proposal-set ").append(s.keyword()).append('\n');
            sb.append("set security ipsec policy s").append(i++).append(" proposal-set ").append(s.keyword()).append('\n');
        }
        ConfigParser.parse(sb.toString(), "all.conf"); // syntax only: these fragments are not complete
    }

    @Test
    void aCipherOfTheOtherLevelIsRefusedWithTheRightList() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> SecurityConfig.parse(
                "set security ipsec proposal p encryption-algorithm chacha20-poly1305\n", "t.conf"));
        assertEquals("t.conf:1: security ipsec proposal p: invalid value 'chacha20-poly1305' for encryption-algorithm;"
                + " expected one of: aes-128-cbc, aes-128-gcm, aes-192-cbc, aes-192-gcm, aes-256-cbc, aes-256-gcm",
                e.getMessage());
    }
}
