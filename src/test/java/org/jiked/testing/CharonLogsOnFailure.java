package org.jiked.testing;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * JUnit extension: when a test fails, prints the logs of the charons it started.
 * Register with {@code @ExtendWith(CharonLogsOnFailure.class)}. The logs are kept in memory
 * by {@link Charon#close()}, so they are there even though try-with-resources has already
 * stopped the daemons by the time the failure reaches JUnit.
 */
public final class CharonLogsOnFailure implements BeforeEachCallback, TestExecutionExceptionHandler {
    @Override
    public void beforeEach(ExtensionContext context) {
        Charon.drainRecent();
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        for (Charon c : Charon.drainRecent()) {
            System.err.println("===== log of " + c + " (last 150 lines) =====");
            System.err.println(Charon.tail(c.log(), 150));
        }
        throw t;
    }
}
