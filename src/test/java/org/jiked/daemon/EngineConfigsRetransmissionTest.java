package org.jiked.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jiked.config.SecurityConfig;
import org.jiked.ike.PeerConfig;
import org.jiked.ike.RetransmitSettings;
import org.junit.jupiter.api.Test;

/**
 * The timers of {@code security ike retransmission} and {@code session half-open timeout}, from
 * the file to the engine's records (seconds to milliseconds); the engine tests take it from there.
 */
class EngineConfigsRetransmissionTest {
    static final String BASE = """
            set security ike proposal p authentication-method pre-shared-keys
            set security ike proposal p dh-group group19
            set security ike proposal p encryption-algorithm aes-256-gcm
            set security ike policy pol proposals p
            set security ike policy pol pre-shared-key ascii-text "test-key"
            set security ike gateway gw ike-policy pol
            set security ike gateway gw address 192.0.2.2
            set security ike gateway gw local-address 192.0.2.1
            set security ike gateway gw version v2-only
            set security ike gateway gw2 ike-policy pol
            set security ike gateway gw2 address 192.0.2.3
            set security ike gateway gw2 local-address 192.0.2.1
            set security ike gateway gw2 version v2-only
            """;

    static Map<String, PeerConfig> peers(String text) throws Exception {
        SecurityConfig c = SecurityConfig.parse(text, "t.conf");
        return EngineConfigs.peers(c, gw -> InetAddress.ofLiteral("192.0.2.1")).stream()
                .collect(Collectors.toMap(PeerConfig::name, Function.identity()));
    }

    @Test
    void eachGatewayGetsItsRetransmissionInMilliseconds() throws Exception {
        var peers = peers(BASE + """
                set security ike retransmission count 2
                set security ike retransmission initial-interval 3
                set security ike retransmission max-interval 7
                set security ike gateway gw2 retransmission count 9
                """);
        assertEquals(new RetransmitSettings(3_000, 7_000, 2), peers.get("gw").retransmit());
        assertEquals(new RetransmitSettings(3_000, 7_000, 9), peers.get("gw2").retransmit());
        assertEquals(RetransmitSettings.DEFAULT, peers(BASE).get("gw").retransmit());
    }

    @Test
    void theHalfOpenTimeoutReachesTheEngineSettings() throws Exception {
        SecurityConfig c = SecurityConfig.parse(BASE + "set security ike session half-open timeout 10\n", "t.conf");
        assertEquals(10_000, EngineConfigs.session(c.ikeSession()).halfOpenTimeoutMillis());
    }
}
