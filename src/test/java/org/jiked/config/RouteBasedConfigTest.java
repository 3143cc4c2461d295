package org.jiked.config;

import static org.jiked.config.ConfigTestSupport.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jiked.config.model.DfBit;
import org.jiked.config.model.IpPrefix;
import org.jiked.config.model.IpsecVpn;
import org.jiked.config.model.StaticRoute;
import org.jiked.config.parse.ConfigRenderer;
import org.junit.jupiter.api.Test;

/** Route-based VPNs: st0 units, static routes into them, bind-interface and the ESP options. */
class RouteBasedConfigTest {
    static final String ROUTE_BASED = ConfigTestSupport.BASE.lines()
            .filter(l -> !l.contains("traffic-selector")).reduce("", (a, b) -> a + b + "\n") + """
            set interfaces st0 unit 0 family inet address 10.255.0.1/30
            set interfaces st0 unit 0 family inet6
            set interfaces st0 unit 7 family inet
            set routing-options static route 203.0.113.0/24 next-hop st0.0
            set routing-options static route 2001:db8:2::/48 next-hop st0.0
            set security ipsec vpn vpn1 bind-interface st0.0
            set security ipsec vpn vpn1 df-bit copy
            set security ipsec vpn vpn1 ike anti-replay-window-size 1024
            """;

    @Test
    void unitsRoutesAndVpnOptions() {
        SecurityConfig c = parse(ROUTE_BASED);
        assertEquals(List.of(0, 7), List.copyOf(c.st0Units().keySet()));
        assertEquals(List.of("10.255.0.1/30"), c.st0Units().get(0).inetAddresses());
        assertTrue(c.st0Units().get(0).inet6());
        assertEquals("st0.7", c.st0Units().get(7).interfaceName());
        assertEquals(List.of(new StaticRoute(IpPrefix.parse("203.0.113.0/24"), 0),
                new StaticRoute(IpPrefix.parse("2001:db8:2::/48"), 0)), c.staticRoutes());
        IpsecVpn vpn = c.vpn("vpn1");
        assertEquals(0, vpn.bindInterface());
        assertTrue(vpn.routeBased());
        assertTrue(vpn.trafficSelectors().isEmpty(), "a route-based VPN may leave traffic selectors out");
        assertEquals(DfBit.COPY, vpn.dfBit());
        assertEquals(1024, vpn.replayWindowSize());
    }

    @Test
    void defaultsAndNoAntiReplay() {
        SecurityConfig c = parse(ConfigTestSupport.BASE);
        IpsecVpn vpn = c.vpns().getFirst();
        assertEquals(-1, vpn.bindInterface());
        assertEquals(DfBit.CLEAR, vpn.dfBit());
        assertEquals(64, vpn.replayWindowSize());
        assertEquals(0, parse(ConfigTestSupport.BASE + "set security ipsec vpn "
                + vpn.name() + " ike no-anti-replay\n").vpns().getFirst().replayWindowSize());
    }

    @Test
    void rendersBackToTheSameConfiguration() {
        SecurityConfig c = parse(ROUTE_BASED);
        String braces = ConfigRenderer.showConfiguration(c.tree());
        assertTrue(braces.contains("st0 {") && braces.contains("address 10.255.0.1/30;"), braces);
        String set = ConfigRenderer.displaySet(c.tree());
        for (String line : ROUTE_BASED.lines().filter(l -> !l.contains("pre-shared-key")).toList()) {
            assertTrue(set.contains(line), line + " missing from\n" + set);
        }
    }
}
