package org.jiked.config;

import static org.jiked.config.ConfigTestSupport.BASE;
import static org.jiked.config.ConfigTestSupport.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jiked.config.model.IkeSession;
import org.junit.jupiter.api.Test;

/** {@code security ike session half-open}: defaults, every statement, and Junos's max-count rule. */
class SessionConfigTest {
    @Test
    void withoutSessionStatementsTheDefaultsApply() {
        assertEquals(IkeSession.DEFAULT, parse(BASE).ikeSession());
        assertEquals(300, IkeSession.DEFAULT.maxCount());
    }

    @Test
    void everyHalfOpenStatementComesThrough() {
        IkeSession s = parse(BASE + """
                set security ike session half-open timeout 30
                set security ike session half-open max-count 1000
                set security ike session half-open threshold send-cookie 500
                set security ike session half-open threshold reduce-timeout 200 timeout 10
                set security ike session half-open discard-duplicate
                set security ike session half-open backoff-timeouts init-phase-failure 160
                set security ike session half-open backoff-timeouts auth-phase-failure 150
                """).ikeSession();
        assertEquals(new IkeSession(30, 1000, 500, 200, 10, true, 160, 150, 0, 0, 0), s);
    }

    @Test
    void fullOpenRatesComeThroughBesideTheHalfOpenDefaults() {
        IkeSession s = parse(BASE + """
                set security ike session full-open incoming-exchange-max-rates ike-rekey 2
                set security ike session full-open incoming-exchange-max-rates ipsec-rekey 3
                set security ike session full-open incoming-exchange-max-rates keepalive 10
                """).ikeSession();
        assertEquals(2, s.ikeRekeyRate());
        assertEquals(3, s.ipsecRekeyRate());
        assertEquals(10, s.keepaliveRate());
        assertEquals(IkeSession.DEFAULT.maxCount(), s.maxCount());
    }

    @Test
    void configuringMaxCountTurnsTheDefaultThresholdsOff() {
        IkeSession s = parse(BASE + "set security ike session half-open max-count 50\n").ikeSession();
        assertEquals(50, s.maxCount());
        assertEquals(0, s.sendCookie());
        IkeSession t = parse(BASE + "set security ike session half-open timeout 20\n").ikeSession();
        assertEquals(IkeSession.DEFAULT.sendCookie(), t.sendCookie());
    }

    @Test
    void dynamicGatewaysComeThroughWithTheirPeerIdAndLimit() {
        String base = BASE.replace("set security ike gateway gw address 192.0.2.2\n", "");
        var gw = parse(base + """
                set security ike gateway gw local-address 192.0.2.1
                set security ike gateway gw dynamic hostname cell.example.net
                set security ike gateway gw dynamic connections-limit 5000
                """).ikeGateways().get("gw");
        assertEquals(true, gw.isDynamic());
        assertEquals("cell.example.net", gw.dynamic().remoteIdentity().text());
        assertEquals(5000, gw.dynamic().connectionsLimit());
        var any = parse(base + """
                set security ike gateway gw local-address 192.0.2.1
                set security ike gateway gw dynamic general-ikeid
                """).ikeGateways().get("gw");
        assertEquals(null, any.dynamic().remoteIdentity());
    }

    @Test
    void aSeededPreSharedKeyTakesThePlaceOfThePreSharedKeyAndIsNeverShown() {
        String seeded = BASE.replace("set security ike policy ike-pol pre-shared-key ascii-text \"test-key\"",
                "set security ike policy ike-pol seeded-pre-shared-key ascii-text \"pico seed\"");
        var c = parse(seeded);
        var policy = c.ikePolicies().get("ike-pol");
        assertEquals(null, policy.preSharedKey());
        assertEquals("pico seed", new String(policy.seededPreSharedKey(), java.nio.charset.StandardCharsets.UTF_8));
        var hex = parse(seeded.replace("ascii-text \"pico seed\"", "hexadecimal 7069636f")).ikePolicies().get("ike-pol");
        assertEquals("pico", new String(hex.seededPreSharedKey(), java.nio.charset.StandardCharsets.UTF_8));
        String shown = org.jiked.config.parse.ConfigRenderer.displaySet(c.tree());
        org.junit.jupiter.api.Assertions.assertFalse(shown.contains("pico seed"), shown);
        org.junit.jupiter.api.Assertions.assertTrue(shown.contains("seeded-pre-shared-key ascii-text \"********\""),
                shown);
    }
}
