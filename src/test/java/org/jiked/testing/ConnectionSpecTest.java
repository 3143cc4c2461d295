package org.jiked.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ConnectionSpecTest {
    @Test
    void rendersOneKeyPerLine() {
        ConnectionSpec s = ConnectionSpec.named("gw").child("lan")
                .localAddrs("192.0.2.1").remoteAddrs("192.0.2.2")
                .localId("CN=a, O=Example").remoteId("b@example.org")
                .psk("p\"s k")
                .localTs("198.51.100.0/24").remoteTs("203.0.113.0/24")
                .ikeRekeyTime(Duration.ofMinutes(5)).childLifeTime(Duration.ofSeconds(90))
                .connLine("mobike = no");
        String conn = s.renderConnection();
        assertTrue(conn.contains("\n      id = \"CN=a, O=Example\"\n"), conn);
        assertTrue(conn.contains("\n      id = b@example.org\n"), conn);
        assertTrue(conn.contains("\n    rekey_time = 300s\n"), conn);
        assertTrue(conn.contains("\n        life_time = 90s\n"), conn);
        assertTrue(conn.contains("\n    mobike = no\n"), conn);
        assertTrue(conn.contains("\n      lan {\n"), conn);
        String secret = s.renderSecret();
        // 'p"s k' in hex: quotes and spaces in a key cannot break the file.
        assertTrue(secret.contains("secret = 0x702273206b\n"), secret);
        assertEquals("\"a\\\"b\"", ConnectionSpec.quote("a\"b"));
    }
}
