package org.jiked.config.parse;

/** Where a token or statement starts in a configuration file (1-based line and column). */
public record SourceLocation(String file, int line, int column) {}
