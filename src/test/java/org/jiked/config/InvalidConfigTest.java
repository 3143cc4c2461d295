package org.jiked.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One broken configuration per reason, under {@code src/test/resources/config/invalid}. Each
 * fixture says in {@code # expect: LINE: statement: message} lines which errors it must produce,
 * in order; every one must be reported with the file name, the line and the message.
 */
class InvalidConfigTest {

    static Path dir() throws Exception {
        return Path.of(InvalidConfigTest.class.getResource("/config/invalid").toURI());
    }

    static Stream<String> fixtures() throws Exception {
        try (Stream<Path> files = Files.list(dir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".conf")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void reportsTheExpectedErrors(String fixture) throws Exception {
        Path file = dir().resolve(fixture);
        List<String> expected = Files.readAllLines(file).stream()
                .filter(l -> l.startsWith("# expect: "))
                .map(l -> l.substring("# expect: ".length()))
                .toList();
        assertFalse(expected.isEmpty(), "fixture without '# expect:' lines");

        ConfigException e = assertThrows(ConfigException.class, () -> SecurityConfig.load(file));
        List<ConfigError> errors = e.errors();
        assertEquals(expected.size(), errors.size(), () -> "reported:\n" + e.getMessage());
        for (int i = 0; i < expected.size(); i++) {
            String exp = expected.get(i);
            int line = Integer.parseInt(exp.substring(0, exp.indexOf(':')));
            String text = exp.substring(exp.indexOf(':') + 2);
            ConfigError error = errors.get(i);
            assertEquals(file.toString(), error.file());
            assertEquals(line, error.line(), () -> "line of: " + error);
            assertTrue(error.column() > 0, () -> "column of: " + error);
            assertTrue(error.toString().startsWith(file + ":" + line + ": "), error::toString);
            assertTrue(error.toString().contains(text), () -> "expected '" + text + "' in\n" + error);
        }
        assertEquals(errors.size(), e.getMessage().lines().count(), "one line per error");
    }
}
