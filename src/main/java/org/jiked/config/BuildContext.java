package org.jiked.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jiked.config.model.Keyword;
import org.jiked.config.parse.ConfigNode;
import org.jiked.config.parse.SourceLocation;

/**
 * Shared by the model builders: collects semantic errors, each pointing at the statement (or the
 * single value) it is about, and reads typed values off the tree.
 */
final class BuildContext {
    private final List<ConfigError> errors = new ArrayList<>();

    /** An error about a whole statement, reported at the line it was first written. */
    void error(ConfigNode at, String message) {
        add(at.location(), at.path(), message);
    }

    /** An error about one value of a list statement, reported where that value was written. */
    void error(ConfigNode at, int valueIndex, String message) {
        add(at.valueLocations().get(valueIndex), at.path(), message);
    }

    private void add(SourceLocation loc, String path, String message) {
        errors.add(new ConfigError(loc.file(), loc.line(), loc.column(), path, message));
    }

    List<ConfigError> errors() {
        List<ConfigError> out = new ArrayList<>(errors);
        out.sort(Comparator.comparingInt(ConfigError::line).thenComparingInt(ConfigError::column));
        return out;
    }

    /** The enum value of child leaf {@code keyword}; reports a missing mandatory statement. */
    <E extends Enum<E> & Keyword> E required(ConfigNode parent, String keyword, Class<E> type) {
        ConfigNode leaf = parent.child(keyword);
        if (leaf == null) {
            error(parent, "missing mandatory statement '" + keyword + "'");
            return null;
        }
        return Keyword.lookup(type, leaf.value());
    }

    /** The enum value of child leaf {@code keyword}, or {@code fallback} when it is absent. */
    <E extends Enum<E> & Keyword> E optional(ConfigNode parent, String keyword, Class<E> type, E fallback) {
        String value = parent.childValue(keyword);
        return value == null ? fallback : Keyword.lookup(type, value);
    }

    /** The number in child leaf {@code keyword} (range already checked by the schema), or {@code fallback}. */
    long number(ConfigNode parent, String keyword, long fallback) {
        String value = parent.childValue(keyword);
        return value == null ? fallback : Long.parseLong(value);
    }

    /** The child statement {@code keyword}; reports it missing, with {@code hint} appended. */
    ConfigNode requiredChild(ConfigNode parent, String keyword, String hint) {
        ConfigNode child = parent.child(keyword);
        if (child == null) {
            error(parent, "missing mandatory statement '" + keyword + "'" + hint);
        }
        return child;
    }
}
