package org.jiked.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.jiked.control.ControlResponse;
import org.jiked.control.ControlServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpAndUsage() {
        Run h = run("help");
        assertEquals(0, h.code());
        assertTrue(h.out().contains("daemon --config FILE"), h.out());
        assertEquals(Main.USAGE, run().code());
        Run bad = run("frobnicate");
        assertEquals(Main.USAGE, bad.code());
        assertTrue(bad.err().contains("unknown command 'frobnicate'"), bad.err());
        assertEquals(Main.USAGE, run("daemon").code());
        assertEquals(Main.USAGE, run("config", "check").code());
        assertTrue(run("version").out().startsWith("jiked "));
    }

    @Test
    void configCheckAndDaemonRefuseMissingOrBrokenFiles() throws Exception {
        assertEquals(1, run("daemon", "--config", dir.resolve("x.conf").toString(), "--control",
                dir.resolve("none.sock").toString()).code());
        assertEquals(0, run("config", "check", "examples/site-to-site.conf").code());
        Path broken = dir.resolve("broken.conf");
        java.nio.file.Files.writeString(broken, "set security ike proposal p1 dh-group group99\n");
        assertEquals(1, run("config", "check", broken.toString()).code());
        assertEquals(1, run("daemon", "--config", broken.toString(), "--control", dir.resolve("b.sock").toString())
                .code());
    }

    @Test
    void daemonNotRunning() {
        Path sock = dir.resolve("nobody.sock");
        Run r = run("show", "security", "ike", "security-associations", "--control", sock.toString());
        assertEquals(1, r.code());
        assertEquals("jiked daemon is not running (no control socket at " + sock + ")\n", r.err());
    }

    @Test
    void operationalCommandsGoOverTheSocket() throws IOException {
        Path sock = dir.resolve("d.sock");
        try (ControlServer s = new ControlServer(sock, line -> line.startsWith("clear")
                ? ControlResponse.error("error: nothing to clear")
                : ControlResponse.ok("[" + line + "]"))) {
            s.start();
            Run show = run("--control", sock.toString(), "show", "security", "ike", "security-associations", "--json");
            assertEquals(0, show.code());
            assertEquals("[show security ike security-associations | display json]\n", show.out());
            Run req = run("request", "security", "ike", "debug-enable", "--control", sock.toString());
            assertEquals("[request security ike debug-enable]\n", req.out());
            Run clear = run("clear", "--control", sock.toString(), "security", "ike", "security-associations");
            assertEquals(1, clear.code());
            assertEquals("error: nothing to clear\n", clear.err());
        }
    }
}
