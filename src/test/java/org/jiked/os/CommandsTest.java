package org.jiked.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CommandsTest {
    @Test
    void capturesOutputAndExitCode() {
        CommandResult r = Commands.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(5));
        assertEquals(3, r.exitCode());
        assertEquals("out\n", r.stdout());
        assertEquals("err\n", r.stderr());
        CommandException e = assertThrows(CommandException.class, r::check);
        assertTrue(e.getMessage().contains("exit 3") && e.getMessage().contains("err"), e.getMessage());
    }

    @Test
    void timeoutKillsTheWholeTree() {
        long t0 = System.nanoTime();
        CommandException e = assertThrows(CommandException.class,
                () -> Commands.run(List.of("sh", "-c", "sleep 30 & sleep 30"), Duration.ofMillis(300)));
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos());
    }

    @Test
    void outputIsBounded() {
        CommandResult r = Commands.run(List.of("sh", "-c", "head -c 3000000 /dev/zero"), Duration.ofSeconds(10));
        assertTrue(r.ok());
        assertTrue(r.truncated());
        assertEquals(Commands.MAX_CAPTURE, r.stdout().length());
    }

    @Test
    void stdinAndEnvironment() {
        CommandResult r = Commands.run(List.of("sh", "-c", "cat; echo \"$JK_X\""), Duration.ofSeconds(5),
                "in\n".getBytes(StandardCharsets.UTF_8), Map.of("JK_X", "y"));
        assertEquals("in\ny\n", r.stdout());
    }

    @Test
    void missingProgramIsAClearError() {
        CommandException e = assertThrows(CommandException.class, () -> Commands.run("/nonexistent/tool", "x"));
        assertTrue(e.getMessage().contains("cannot start command: /nonexistent/tool x"), e.getMessage());
    }
}
