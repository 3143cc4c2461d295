package org.jiked.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class OperationalRequestTest {
    private static final Path DEF = ControlProtocol.DEFAULT_SOCKET;

    @Test
    void joinsWords() {
        OperationalRequest r = OperationalRequest.parse("show",
                List.of("security", "ike", "security-associations", "detail"), DEF);
        assertEquals("show security ike security-associations detail", r.commandLine());
        assertEquals(DEF, r.control());
    }

    @Test
    void jsonAliasAndControlAnywhere() {
        OperationalRequest r = OperationalRequest.parse("show",
                List.of("--json", "security", "--control", "/tmp/x.sock", "ike", "security-associations"), DEF);
        assertEquals("show security ike security-associations | display json", r.commandLine());
        assertEquals(Path.of("/tmp/x.sock"), r.control());
        // Not doubled when the words already say it.
        assertEquals("show configuration | display json", OperationalRequest.parse("show",
                List.of("configuration", "|", "display", "json", "--json"), DEF).commandLine());
        assertEquals("clear security ike security-associations 192.0.2.2", OperationalRequest.parse("clear",
                List.of("--control=/s", "security", "ike", "security-associations", "192.0.2.2"), DEF).commandLine());
    }

    @Test
    void rejectsBadOptions() {
        assertThrows(IllegalArgumentException.class, () -> OperationalRequest.parse("show", List.of("--bogus"), DEF));
        assertThrows(IllegalArgumentException.class, () -> OperationalRequest.parse("show", List.of("x", "--control"), DEF));
        assertEquals("show --weird", OperationalRequest.parse("show", List.of("--", "--weird"), DEF).commandLine());
    }
}
