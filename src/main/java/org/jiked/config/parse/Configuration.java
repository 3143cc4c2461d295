package org.jiked.config.parse;

import java.util.Objects;

/**
 * A parsed configuration file: the statement tree under {@link #root()}, whichever form the file
 * was written in. It is what {@code show configuration} displays ({@link ConfigRenderer}).
 */
public final class Configuration {

    /** The two ways Junos writes a configuration. */
    public enum Form {
        /** One {@code set ...} command per line, as {@code show configuration | display set} prints. */
        SET,
        /** Nested blocks, as {@code show configuration} prints. */
        BRACES
    }

    private final String fileName;
    private final Form form;
    private final ConfigNode root;

    Configuration(String fileName, Form form, ConfigNode root) {
        this.fileName = Objects.requireNonNull(fileName);
        this.form = form;
        this.root = root;
    }

    public String fileName() {
        return fileName;
    }

    /** The form the file was written in. */
    public Form form() {
        return form;
    }

    public ConfigNode root() {
        return root;
    }

    /** Same statements and values, regardless of form and layout. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Configuration c && c.root.equals(root);
    }

    @Override
    public int hashCode() {
        return root.hashCode();
    }

    /** A short description; use {@link ConfigRenderer} for the statements themselves. */
    @Override
    public String toString() {
        return "Configuration[" + fileName + ", " + form + " form]";
    }
}
