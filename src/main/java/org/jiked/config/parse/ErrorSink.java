package org.jiked.config.parse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jiked.config.ConfigError;

/** Collects errors so that a whole file is checked before anything is reported. */
final class ErrorSink {
    private final List<ConfigError> errors = new ArrayList<>();

    void add(SourceLocation at, String statementPath, String message) {
        errors.add(new ConfigError(at.file(), at.line(), at.column(), statementPath, message));
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    /** Errors sorted by position, as a reader goes through the file. */
    List<ConfigError> sorted() {
        List<ConfigError> out = new ArrayList<>(errors);
        out.sort(Comparator.comparingInt(ConfigError::line).thenComparingInt(ConfigError::column));
        return out;
    }
}
