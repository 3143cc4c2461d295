package org.jiked.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Helpers shared by the configuration tests. */
final class ConfigTestSupport {
    private ConfigTestSupport() {}

    /** The example files at the repository root (Surefire runs tests from the project directory). */
    static final Path EXAMPLE_SET = Path.of("examples", "site-to-site.conf");
    static final Path EXAMPLE_BRACES = Path.of("examples", "site-to-site-braces.conf");

    /** A small valid configuration in set form; tests append lines to vary it. */
    static final String BASE = """
            set security ike proposal ike-prop authentication-method pre-shared-keys
            set security ike proposal ike-prop dh-group group14
            set security ike proposal ike-prop authentication-algorithm sha-256
            set security ike proposal ike-prop encryption-algorithm aes-128-cbc
            set security ike policy ike-pol proposals ike-prop
            set security ike policy ike-pol pre-shared-key ascii-text "test-key"
            set security ike gateway gw ike-policy ike-pol
            set security ike gateway gw address 192.0.2.2
            set security ike gateway gw version v2-only
            set security ipsec proposal esp-prop encryption-algorithm aes-128-gcm
            set security ipsec policy ipsec-pol proposals esp-prop
            set security ipsec vpn vpn1 ike gateway gw
            set security ipsec vpn vpn1 ike ipsec-policy ipsec-pol
            set security ipsec vpn vpn1 traffic-selector ts1 local-ip 198.51.100.0/24
            set security ipsec vpn vpn1 traffic-selector ts1 remote-ip 203.0.113.0/24
            """;

    static SecurityConfig parse(String text) {
        try {
            return SecurityConfig.parse(text, "test.conf");
        } catch (ConfigException e) {
            return fail("unexpected errors:\n" + e.getMessage());
        }
    }

    /** The errors of a configuration that must be refused. */
    static List<ConfigError> errors(String text) {
        return assertThrows(ConfigException.class, () -> SecurityConfig.parse(text, "test.conf")).errors();
    }

    /** The errors as "LINE: statement: message" lines, for compact assertions. */
    static String describe(List<ConfigError> errors) {
        return errors.stream().map(e -> e.toString().substring("test.conf:".length()))
                .collect(Collectors.joining("\n"));
    }
}
