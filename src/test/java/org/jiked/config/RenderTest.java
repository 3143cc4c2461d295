package org.jiked.config;

import static org.jiked.config.ConfigTestSupport.BASE;
import static org.jiked.config.ConfigTestSupport.EXAMPLE_BRACES;
import static org.jiked.config.ConfigTestSupport.EXAMPLE_SET;
import static org.jiked.config.ConfigTestSupport.describe;
import static org.jiked.config.ConfigTestSupport.errors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.jiked.config.parse.ConfigParser;
import org.jiked.config.parse.ConfigRenderer;
import org.jiked.config.parse.ConfigRenderer.Secrets;
import org.jiked.config.parse.Configuration;
import org.junit.jupiter.api.Test;

/** {@code show configuration} and {@code | display set} output, and reading it back. */
class RenderTest {

    private static Configuration tree(String text) throws ConfigException {
        return ConfigParser.parse(text, "test.conf");
    }

    /** The statements of a file without its comments and blank lines. */
    private static String statementsOf(Path file) throws Exception {
        String text = Files.readString(file).replaceAll("(?s)/\\*.*?\\*/\\n", "");
        return text.lines()
                .filter(l -> !l.isBlank() && !l.stripLeading().startsWith("#"))
                .map(l -> l + "\n")
                .collect(Collectors.joining());
    }

    @Test
    void showConfigurationPrintsTheBraceExampleExactly() throws Exception {
        Configuration set = SecurityConfig.load(EXAMPLE_SET).tree();
        assertEquals(statementsOf(EXAMPLE_BRACES), ConfigRenderer.showConfiguration(set, Secrets.SHOWN));
    }

    @Test
    void displaySetPrintsTheSetExampleExactly() throws Exception {
        Configuration braces = SecurityConfig.load(EXAMPLE_BRACES).tree();
        assertEquals(statementsOf(EXAMPLE_SET), ConfigRenderer.displaySet(braces, Secrets.SHOWN));
    }

    @Test
    void renderedOutputParsesBackToTheSameTree() throws Exception {
        Configuration original = tree(BASE + """
                set system host-name gw1
                set security ike proposal ike-prop description "say \\"hi\\"; {not a block} # not a comment \\\\"
                set security ike proposal empty
                set security ike policy hex proposals [ ike-prop empty ]
                set security ike policy hex pre-shared-key hexadecimal 00a1ff
                set security ike gateway gw address [ 192.0.2.3 192.0.2.4 ]
                set security ike gateway gw local-identity user-at-hostname ops@example.net
                set security ike gateway gw remote-identity distinguished-name
                set security ike gateway gw6 address 2001:db8::2
                set security ike gateway gw6 local-identity inet6 2001:db8::1
                set security ipsec vpn vpn1 traffic-selector ts2 local-ip 2001:db8:1::/48
                set security ipsec vpn vpn1 traffic-selector ts2 remote-ip 2001:db8:2::/48
                set security ipsec policy pfs perfect-forward-secrecy keys group20
                """);
        String braces = ConfigRenderer.showConfiguration(original, Secrets.SHOWN);
        String set = ConfigRenderer.displaySet(original, Secrets.SHOWN);
        assertEquals(original, tree(braces), braces);
        assertEquals(original, tree(set), set);
        assertTrue(braces.contains("address [ 192.0.2.2 192.0.2.3 192.0.2.4 ];\n"), braces);
        assertTrue(braces.contains("        proposal empty;\n"), braces);
        assertTrue(braces.contains("            description \"say \\\"hi\\\"; {not a block} # not a comment \\\\\";\n"), braces);
        assertTrue(set.contains("set security ike gateway gw address 192.0.2.4\n"), set);
        assertTrue(set.contains("set security ike proposal empty\n"), set);
    }

    @Test
    void secretsAreHiddenUnlessAskedFor() throws Exception {
        Configuration config = SecurityConfig.load(EXAMPLE_SET).tree();
        String braces = ConfigRenderer.showConfiguration(config);
        String set = ConfigRenderer.displaySet(config);
        for (String out : new String[] {braces, set, config.toString()}) {
            assertFalse(out.contains("change-me"), out);
        }
        assertTrue(braces.contains("            pre-shared-key ascii-text \"********\"; ## SECRET-DATA\n"), braces);
        assertTrue(set.contains("set security ike policy ike-site-b pre-shared-key ascii-text \"********\"\n"), set);
    }

    @Test
    void hiddenOutputCannotBeLoadedWithTheFakeKey() throws Exception {
        Configuration config = SecurityConfig.load(EXAMPLE_SET).tree();
        String braces = ConfigRenderer.showConfiguration(config);
        assertEquals("16: security ike policy ike-site-b: 'pre-shared-key ascii-text' is the placeholder that"
                + " 'show configuration' prints in place of the key; write the real key", describe(errors(braces)));
    }

    @Test
    void setFormRoundTripsThroughBracesAndBack() throws Exception {
        Configuration set = SecurityConfig.load(EXAMPLE_SET).tree();
        Configuration again = tree(ConfigRenderer.displaySet(tree(ConfigRenderer.showConfiguration(set, Secrets.SHOWN)),
                Secrets.SHOWN));
        assertEquals(set, again);
    }
}
