package org.jiked.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jiked config check FILE}: output and exit codes. */
class ConfigCheckTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int check(Path file) {
        return ConfigCheck.run(file, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void aValidFileSucceeds() throws Exception {
        Path file = dir.resolve("ok.conf");
        Files.writeString(file, ConfigTestSupport.BASE);
        assertEquals(ConfigCheck.OK, check(file));
        assertEquals("configuration check succeeds\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void errorsGoToStandardErrorOnePerLine() throws Exception {
        Path file = dir.resolve("bad.conf");
        Files.writeString(file, ConfigTestSupport.BASE.replace("version v2-only", "version v1-only")
                .replace("dh-group group14", "dh-group group19") + "set security ipsec vpn vpn1 ike gateway gw\n");
        assertEquals(ConfigCheck.INVALID, check(file));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertEquals(file + ":9: security ike gateway gw version: version v1-only is not supported: jiked implements"
                + " IKEv2 only; use 'version v2-only'\n"
                + "error: configuration check-out failed: 1 error\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aMissingFileIsReported() {
        Path file = dir.resolve("absent.conf");
        assertEquals(ConfigCheck.UNREADABLE, check(file));
        assertEquals("error: cannot read " + file + ": no such file\n", err.toString(StandardCharsets.UTF_8));
    }
}
