package org.jiked.config;

import static org.jiked.config.ConfigTestSupport.BASE;
import static org.jiked.config.ConfigTestSupport.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jiked.config.model.Retransmission;
import org.junit.jupiter.api.Test;

/**
 * {@code security ike retransmission} and its per-gateway override: defaults, inheritance one
 * statement at a time, and both forms of the file. The refused values are fixtures in
 * {@code config/invalid/retransmission-*.conf}.
 */
class RetransmissionConfigTest {
    static final String GW2 = """
            set security ike gateway gw2 ike-policy ike-pol
            set security ike gateway gw2 address 192.0.2.3
            set security ike gateway gw2 version v2-only
            """;

    @Test
    void withoutTheStatementEveryGatewayHasTheDefaults() {
        assertEquals(new Retransmission(5, 2, 32), Retransmission.DEFAULT);
        assertEquals(Retransmission.DEFAULT, parse(BASE).ikeGateways().get("gw").retransmission());
    }

    @Test
    void theGlobalStatementAppliesToEveryGatewayAndAGatewayOverridesWhatItSets() {
        var gateways = parse(BASE + GW2 + """
                set security ike retransmission count 3
                set security ike retransmission initial-interval 4
                set security ike gateway gw2 retransmission count 0
                set security ike gateway gw2 retransmission max-interval 10
                """).ikeGateways();
        assertEquals(new Retransmission(3, 4, 32), gateways.get("gw").retransmission());
        assertEquals(new Retransmission(0, 4, 10), gateways.get("gw2").retransmission(),
                "count and max-interval from the gateway, initial-interval from security ike retransmission");
    }

    @Test
    void aGatewayAloneOverridesTheDefaults() {
        var gateways = parse(BASE + GW2 + """
                set security ike gateway gw retransmission initial-interval 1
                set security ike gateway gw retransmission max-interval 1
                """).ikeGateways();
        assertEquals(new Retransmission(5, 1, 1), gateways.get("gw").retransmission());
        assertEquals(Retransmission.DEFAULT, gateways.get("gw2").retransmission());
    }

    @Test
    void theBraceFormSaysTheSame() {
        String braces = """
                security {
                    ike {
                        proposal ike-prop {
                            authentication-method pre-shared-keys;
                            dh-group group14;
                            authentication-algorithm sha-256;
                            encryption-algorithm aes-128-cbc;
                        }
                        policy ike-pol {
                            proposals ike-prop;
                            pre-shared-key ascii-text "test-key";
                        }
                        gateway gw {
                            ike-policy ike-pol;
                            address 192.0.2.2;
                            version v2-only;
                            retransmission {
                                count 10;
                                max-interval 300;
                            }
                        }
                        retransmission {
                            initial-interval 30;
                        }
                    }
                }
                """;
        assertEquals(new Retransmission(10, 30, 300), parse(braces).ikeGateways().get("gw").retransmission());
    }
}
