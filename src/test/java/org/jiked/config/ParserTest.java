package org.jiked.config;

import static org.jiked.config.ConfigTestSupport.BASE;
import static org.jiked.config.ConfigTestSupport.describe;
import static org.jiked.config.ConfigTestSupport.errors;
import static org.jiked.config.ConfigTestSupport.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jiked.config.parse.ConfigNode;
import org.jiked.config.parse.ConfigParser;
import org.jiked.config.parse.Configuration;
import org.junit.jupiter.api.Test;

/** Lexical and syntax rules of both forms, and the syntax errors. */
class ParserTest {

    private static Configuration tree(String text) throws ConfigException {
        return ConfigParser.parse(text, "test.conf");
    }

    private static ConfigNode node(Configuration c, String path) {
        ConfigNode n = c.root();
        String[] words = path.split(" ");
        for (int i = 0; i < words.length; i++) {
            ConfigNode next = null;
            for (ConfigNode child : n.children(words[i])) {
                if (child.name() == null || child.name().equals(words[i + 1])) {
                    next = child;
                    break;
                }
            }
            if (next != null && next.name() != null) {
                i++;
            }
            n = next;
        }
        return n;
    }

    @Test
    void formIsDetectedFromTheFirstStatement() throws Exception {
        assertEquals(Configuration.Form.SET, tree("# comment\n\nset system host-name a\n").form());
        assertEquals(Configuration.Form.BRACES, tree("/* c */ system { host-name a; }").form());
    }

    @Test
    void commentsAreIgnoredInBothForms() throws Exception {
        Configuration set = tree("""
                # a full-line comment
                set system host-name gw1 # a trailing comment
                /* an annotation
                   over two lines */
                set security ike proposal p1 dh-group group14
                """);
        Configuration braces = tree("""
                /* annotation */
                system {
                    host-name gw1; # trailing
                }
                security {
                    ike {
                        ## a comment Junos style
                        proposal p1 { /* inline */ dh-group group14; }
                    }
                }
                """);
        assertEquals(set, braces);
        assertEquals("gw1", node(set, "system host-name").value());
    }

    @Test
    void quotedStringsKeepSpacesAndSpecialCharacters() throws Exception {
        Configuration c = tree("""
                set security ike proposal p1 description "a \\"quoted\\" word; {braces} [x] # not a comment \\\\ end"
                """);
        assertEquals("a \"quoted\" word; {braces} [x] # not a comment \\ end",
                node(c, "security ike proposal p1 description").value());
    }

    @Test
    void listsInBothFormsAndSpreadOverSetLines() throws Exception {
        Configuration bracketed = tree("set security ike gateway g address [ 192.0.2.2 192.0.2.3 2001:db8::2 ]\n");
        Configuration lines = tree("""
                set security ike gateway g address 192.0.2.2
                set security ike gateway g address [ 192.0.2.3 ]
                set security ike gateway g address 192.0.2.2
                set security ike gateway g address 2001:db8::2
                """);
        Configuration braces = tree("security { ike { gateway g { address [ 192.0.2.2 192.0.2.3 2001:db8::2 ]; } } }");
        assertEquals(List.of("192.0.2.2", "192.0.2.3", "2001:db8::2"), node(bracketed, "security ike gateway g address").values());
        assertEquals(bracketed, lines);
        assertEquals(bracketed, braces);
    }

    @Test
    void setLinesMergeIntoOneStatementAndRepeatsAreHarmless() throws Exception {
        Configuration c = tree("""
                set security ike proposal p1 dh-group group14
                set security ike proposal p2 dh-group group19
                set security ike proposal p1 lifetime-seconds 3600
                set security ike proposal p1 dh-group group14
                """);
        ConfigNode ike = node(c, "security ike");
        assertEquals(List.of("p1", "p2"), ike.children("proposal").stream().map(ConfigNode::name).toList());
        assertEquals(2, ike.children("proposal").get(0).children().size());
    }

    @Test
    void childrenAreKeptInJunosDisplayOrder() throws Exception {
        Configuration c = tree("""
                set security ipsec vpn v establish-tunnels immediately
                set security ipsec vpn v traffic-selector t remote-ip 203.0.113.0/24
                set security ipsec vpn v traffic-selector t local-ip 198.51.100.0/24
                set security ipsec vpn v ike gateway g
                set security ike proposal p lifetime-seconds 3600
                set system host-name h
                """);
        assertEquals(List.of("system", "security"), c.root().children().stream().map(ConfigNode::keyword).toList());
        assertEquals(List.of("ike", "traffic-selector", "establish-tunnels"),
                node(c, "security ipsec vpn v").children().stream().map(ConfigNode::keyword).toList());
        assertEquals(List.of("local-ip", "remote-ip"),
                node(c, "security ipsec vpn v traffic-selector t").children().stream().map(ConfigNode::keyword).toList());
    }

    @Test
    void errorsCarryLineColumnAndStatement() {
        List<ConfigError> errors = errors("""
                set system host-name gw1
                set security ike proposal p1 encryption-algorithm aes-512-cbc
                """);
        assertEquals(1, errors.size());
        ConfigError e = errors.get(0);
        assertEquals("test.conf", e.file());
        assertEquals(2, e.line());
        assertEquals(51, e.column());
        assertEquals("security ike proposal p1", e.statementPath());
        assertEquals("invalid value 'aes-512-cbc' for encryption-algorithm; expected one of: aes-128-cbc, aes-128-gcm,"
                + " aes-192-cbc, aes-256-cbc, aes-256-gcm, chacha20-poly1305", e.message());
        assertEquals("test.conf:2: security ike proposal p1: " + e.message(), e.toString());
    }

    @Test
    void unknownStatementsListTheAlternativesAtEveryLevel() {
        assertEquals("1: unknown statement 'protocols'; expected one of: interfaces, routing-options, security, system",
                describe(errors("set protocols ospf area 0\n")));
        assertEquals("1: interfaces: unknown statement 'ge-0/0/0'; expected one of: st0",
                describe(errors("set interfaces ge-0/0/0 unit 0\n")));
        assertEquals("1: security: unknown statement 'ikev2'; expected one of: ike, ipsec, pki",
                describe(errors("set security ikev2 proposal p\n")));
        assertEquals("1: security ipsec vpn v: unknown statement 'vpn-monitor'; expected one of: bind-interface,"
                + " df-bit, establish-tunnels, ike, traffic-selector",
                describe(errors("set security ipsec vpn v vpn-monitor\n")));
    }

    @Test
    void choiceValuesListTheirOptions() {
        assertEquals("1: security ike gateway g: invalid value 'fqdn' for local-identity; expected one of:"
                        + " distinguished-name, hostname, inet, inet6, key-id, user-at-hostname",
                describe(errors("set security ike gateway g local-identity fqdn vpn.example.net\n")));
        assertEquals("1: security ike gateway g: invalid value '2001:db8::1' for local-identity inet; expected an IPv4 address",
                describe(errors("set security ike gateway g local-identity inet 2001:db8::1\n")));
    }

    @Test
    void everySyntaxErrorIsReported() {
        List<ConfigError> errors = errors("""
                set security ike proposal p1 dh-group group99
                set security ike proposal p1 lifetime-seconds 10
                bogus line
                set security ike policy "two words" proposals p1
                set security ike proposal p1 description two words
                set
                set security ipsec proposal
                """);
        assertEquals("""
                1: security ike proposal p1: invalid value 'group99' for dh-group; expected one of: group14, group15, group16, group19, group20, group21, group31, group32
                2: security ike proposal p1: invalid value '10' for lifetime-seconds; expected a number from 180 to 86400
                3: expected a 'set' command; found 'bogus' (a file is either all 'set' lines or all braces)
                4: security ike: invalid name 'two words' for policy; expected a name of up to 32 letters, digits, '.', '_' or '-', starting with a letter or digit
                5: security ike proposal p1: unexpected 'words' after 'description' (it takes one value; quote values with spaces)
                6: incomplete 'set' command
                7: security ipsec: missing name after 'proposal'""", describe(errors));
    }

    @Test
    void lexicalErrorsAreReported() {
        assertEquals("1: unterminated quoted string",
                describe(errors("set security ike proposal p description \"no end\nset system host-name a\n")).lines().findFirst().get());
        assertEquals("2: unterminated comment '/*'", describe(errors("set system host-name a\n/* never closed\n")));
    }

    @Test
    void bracesRequireSemicolonsAndBalancedBlocks() {
        assertEquals("1: unexpected '}' with no open block", describe(errors("system { host-name a; } }")));
        assertEquals("1: system: 'host-name' does not take a block", describe(errors("system { host-name a { } }")));
        assertEquals("1: system: missing '}' for the block opened here\n1: system: missing ';' at end of file",
                describe(errors("system { host-name a")));
    }

    @Test
    void mixingTheFormsIsReported() {
        assertEquals("4: a 'set' command in a file in brace form; a file is either all 'set' lines or all braces",
                describe(errors("system {\n    host-name a;\n}\nset system host-name b\n")));
        assertEquals("2: expected a 'set' command; found 'system' (a file is either all 'set' lines or all braces)",
                describe(errors("set system host-name a\nsystem { host-name b; }\n")));
    }

    @Test
    void aByteOrderMarkAndCrLfLineEndsAreAccepted() throws Exception {
        assertEquals(tree("set system host-name a\n"), tree("\uFEFFset system host-name a\r\n"));
    }

    @Test
    void anEmptyNamedEntryIsWrittenWithASemicolon() throws Exception {
        Configuration braces = tree("security { ike { proposal p1; } }");
        Configuration set = tree("set security ike proposal p1\n");
        assertEquals(set, braces);
        assertTrue(node(set, "security ike proposal p1").children().isEmpty());
    }

    @Test
    void aSecretIsNeverEchoedInAnError() {
        List<ConfigError> errors = errors("set security ike policy p pre-shared-key hexadecimal 0a1zz9\n");
        assertEquals("1: security ike policy p: invalid value for pre-shared-key hexadecimal;"
                + " expected an even number of hexadecimal digits", describe(errors));
        List<ConfigError> conflict = errors("""
                set security ike policy p pre-shared-key ascii-text "first secret"
                set security ike policy p pre-shared-key ascii-text "second secret"
                """);
        assertEquals("2: security ike policy p: 'pre-shared-key' is already set to another key at line 1", describe(conflict));
        assertFalse(describe(conflict).contains("secret\""));
    }

    @Test
    void refusedStatementsSayWhy() {
        assertEquals("1: security ike policy p: statement 'mode' is not supported: 'mode' selects the IKEv1 exchange"
                        + " (main or aggressive); jiked implements IKEv2 only",
                describe(errors("set security ike policy p mode main\n")));
    }

    @Test
    void syntaxErrorsStopBeforeSemanticChecks() {
        // The unknown statement is the only report: the missing statements it causes are not piled on.
        List<ConfigError> errors = errors(BASE.replace("dh-group group14", "dh-groupp group14"));
        assertEquals(1, errors.size());
    }

    @Test
    void systemHostNameIsAccepted() {
        assertEquals("vpn-1.example.net", parse("set system host-name vpn-1.example.net\n").hostName());
    }
}
