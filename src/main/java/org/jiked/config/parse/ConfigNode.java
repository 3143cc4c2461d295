package org.jiked.config.parse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jiked.config.schema.Kind;
import org.jiked.config.schema.StatementDef;

/**
 * One statement of a parsed configuration, with the place it was first written.
 *
 * <p>The values depend on the kind: one value for a LEAF, the values in order for a LEAF_LIST,
 * the option keyword and then its value (if any) for a CHOICE, none otherwise. Children are kept
 * in the order Junos displays them: by position in the schema, then named entries in the order
 * they were written. Equality compares content only, not positions, so two files that say the
 * same thing in different forms parse to equal trees.
 */
public final class ConfigNode {
    private final StatementDef definition;
    private final ConfigNode parent;
    private final String name;
    private final SourceLocation location;
    private final List<String> values = new ArrayList<>();
    private final List<SourceLocation> valueLocations = new ArrayList<>();
    private final List<ConfigNode> children = new ArrayList<>();
    /** Where the statement's own block or line was written in the brace form, for duplicate checks. */
    private SourceLocation declaredAt;

    ConfigNode(StatementDef definition, ConfigNode parent, String name, SourceLocation location) {
        this.definition = Objects.requireNonNull(definition);
        this.parent = parent;
        this.name = name;
        this.location = location;
    }

    static ConfigNode root(StatementDef rootDefinition, String file) {
        return new ConfigNode(rootDefinition, null, null, new SourceLocation(file, 0, 0));
    }

    public StatementDef definition() {
        return definition;
    }

    public Kind kind() {
        return definition.kind();
    }

    public String keyword() {
        return definition.keyword();
    }

    /** The entry name of a NAMED statement ({@code P1} in {@code proposal P1}), else null. */
    public String name() {
        return name;
    }

    public ConfigNode parent() {
        return parent;
    }

    public boolean isRoot() {
        return parent == null;
    }

    /** Where the statement was first written. */
    public SourceLocation location() {
        return location;
    }

    public List<String> values() {
        return Collections.unmodifiableList(values);
    }

    /** Where each value was written (the set form can spread a list over several lines). */
    public List<SourceLocation> valueLocations() {
        return Collections.unmodifiableList(valueLocations);
    }

    /** The first value, or null. */
    public String value() {
        return values.isEmpty() ? null : values.get(0);
    }

    /** For a CHOICE: the chosen option keyword. */
    public String option() {
        return kind() == Kind.CHOICE ? value() : null;
    }

    /** For a CHOICE: the value after the option keyword, or null for a flag option. */
    public String optionValue() {
        return kind() == Kind.CHOICE && values.size() > 1 ? values.get(1) : null;
    }

    public List<ConfigNode> children() {
        return Collections.unmodifiableList(children);
    }

    /** The first child with that keyword, or null. */
    public ConfigNode child(String keyword) {
        for (ConfigNode c : children) {
            if (c.keyword().equals(keyword)) {
                return c;
            }
        }
        return null;
    }

    /** All children with that keyword (the entries of a NAMED statement), in order. */
    public List<ConfigNode> children(String keyword) {
        List<ConfigNode> out = new ArrayList<>();
        for (ConfigNode c : children) {
            if (c.keyword().equals(keyword)) {
                out.add(c);
            }
        }
        return out;
    }

    /** The value of the child leaf with that keyword, or null. */
    public String childValue(String keyword) {
        ConfigNode c = child(keyword);
        return c == null ? null : c.value();
    }

    /** Keywords and names from the root to this statement, e.g. {@code security ike proposal P1}. */
    public String path() {
        if (parent == null) {
            return "";
        }
        String own = name == null ? keyword() : keyword() + " " + name;
        String up = parent.path();
        return up.isEmpty() ? own : up + " " + own;
    }

    // ---- building (parser only) ----

    ConfigNode findChild(StatementDef def, String childName) {
        for (ConfigNode c : children) {
            if (c.definition == def && Objects.equals(c.name, childName)) {
                return c;
            }
        }
        return null;
    }

    /** Adds a child after every child that Junos displays before it. */
    ConfigNode addChild(StatementDef def, String childName, SourceLocation at) {
        ConfigNode node = new ConfigNode(def, this, childName, at);
        int order = definition.indexOf(def);
        int i = children.size();
        while (i > 0 && definition.indexOf(children.get(i - 1).definition) > order) {
            i--;
        }
        children.add(i, node);
        return node;
    }

    void addValue(String value, SourceLocation at) {
        values.add(value);
        valueLocations.add(at);
    }

    SourceLocation declaredAt() {
        return declaredAt;
    }

    void declare(SourceLocation at) {
        declaredAt = at;
    }

    // ---- content equality ----

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigNode n
                && n.definition == definition
                && Objects.equals(n.name, name)
                && n.values.equals(values)
                && n.children.equals(children);
    }

    @Override
    public int hashCode() {
        return Objects.hash(definition.keyword(), name, values, children);
    }

    @Override
    public String toString() {
        return path().isEmpty() ? "<root>" : path() + (values.isEmpty() ? "" : " " + values);
    }
}
