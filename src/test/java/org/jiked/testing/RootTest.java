package org.jiked.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class RootTest {
    @Test
    void findsToolsOnPathAndInSbin() {
        assertEquals(Path.of("/bin/sh").getFileName(), Root.find("sh").getFileName());
        assertEquals(null, Root.find("jiked-no-such-tool"));
    }

    @Test
    void missingToolFailsForRootAndSkipsOtherwise() {
        // As root (CI) a missing tool must be a failure that names the fix, never a silent skip.
        Class<? extends Throwable> expected = Root.isRoot() ? AssertionFailedError.class : TestAbortedException.class;
        Throwable t = assertThrows(expected, () -> Root.requireTool("jiked-no-such-tool"));
        assertTrue(t.getMessage().contains("jiked-no-such-tool"), t.getMessage());
        if (Root.isRoot()) {
            assertTrue(t.getMessage().contains(".ci/install-deps"), t.getMessage());
        }
    }
}
