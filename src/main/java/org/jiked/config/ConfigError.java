package org.jiked.config;

import java.util.Objects;

/**
 * One problem found in a configuration file.
 *
 * @param file the file name as given to the parser
 * @param line 1-based line, 0 if unknown
 * @param column 1-based column, 0 if unknown
 * @param statementPath the statement the problem is in, e.g. {@code security ike proposal P1};
 *     empty at the top level
 * @param message what is wrong, with the valid alternatives where there is a fixed list
 */
public record ConfigError(String file, int line, int column, String statementPath, String message) {

    public ConfigError {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(statementPath, "statementPath");
        Objects.requireNonNull(message, "message");
    }

    /** {@code FILE:LINE: statement: message}, the statement part left out at the top level. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(file).append(':').append(line).append(": ");
        if (!statementPath.isEmpty()) {
            sb.append(statementPath).append(": ");
        }
        return sb.append(message).toString();
    }
}
