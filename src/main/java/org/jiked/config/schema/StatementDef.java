package org.jiked.config.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The definition of one configuration statement: its keyword, shape ({@link Kind}), value type,
 * and the statements allowed inside it. A tree of these is the whole grammar jiked accepts
 * ({@link JikedSchema}); the parser, the error messages and the renderer all work from it.
 *
 * <p>The order of children is the order Junos prints them in, so rendering follows it.
 */
public final class StatementDef {
    private final String keyword;
    private final Kind kind;
    private final ValueType valueType;
    private final List<StatementDef> children;
    private final boolean secret;
    private final String refusal;

    private StatementDef(String keyword, Kind kind, ValueType valueType, List<StatementDef> children,
            boolean secret, String refusal) {
        this.keyword = Objects.requireNonNull(keyword);
        this.kind = kind;
        this.valueType = valueType;
        this.children = List.copyOf(children);
        this.secret = secret;
        this.refusal = refusal;
        long distinct = this.children.stream().map(StatementDef::keyword).distinct().count();
        if (distinct != this.children.size()) {
            throw new IllegalArgumentException("duplicate child keyword under " + keyword);
        }
    }

    /** {@code keyword { children }} */
    public static StatementDef container(String keyword, StatementDef... children) {
        return new StatementDef(keyword, Kind.CONTAINER, null, List.of(children), false, null);
    }

    /** {@code keyword NAME { children }}, repeated with different names. */
    public static StatementDef named(String keyword, ValueType nameType, StatementDef... children) {
        return new StatementDef(keyword, Kind.NAMED, nameType, List.of(children), false, null);
    }

    /** {@code keyword value;} */
    public static StatementDef leaf(String keyword, ValueType type) {
        return new StatementDef(keyword, Kind.LEAF, type, List.of(), false, null);
    }

    /** {@code keyword [ values ];} */
    public static StatementDef leafList(String keyword, ValueType type) {
        return new StatementDef(keyword, Kind.LEAF_LIST, type, List.of(), false, null);
    }

    /** {@code keyword;} */
    public static StatementDef flag(String keyword) {
        return new StatementDef(keyword, Kind.FLAG, null, List.of(), false, null);
    }

    /**
     * {@code keyword option [value];} where the options are {@link #leaf} or {@link #flag}
     * definitions, or {@link #qualifiedFlag} ones ({@code keyword option [qualifier value];}).
     */
    public static StatementDef choice(String keyword, StatementDef... options) {
        for (StatementDef o : options) {
            if (o.kind != Kind.LEAF && o.kind != Kind.FLAG
                    && !(o.kind == Kind.CONTAINER && o.children.stream().allMatch(c -> c.kind == Kind.LEAF))) {
                throw new IllegalArgumentException("choice options are leaves or flags: " + o.keyword);
            }
        }
        return new StatementDef(keyword, Kind.CHOICE, null, List.of(options), false, null);
    }

    /**
     * A choice option that stands alone or takes one of its qualifiers with a value, like
     * {@code remote-identity distinguished-name [container STR | wildcard STR]}.
     */
    public static StatementDef qualifiedFlag(String keyword, StatementDef... qualifiers) {
        for (StatementDef q : qualifiers) {
            if (q.kind != Kind.LEAF) {
                throw new IllegalArgumentException("qualifiers are leaves: " + q.keyword);
            }
        }
        return new StatementDef(keyword, Kind.CONTAINER, null, List.of(qualifiers), false, null);
    }

    /** A Junos statement that jiked rejects with {@code reason}. */
    public static StatementDef refused(String keyword, String reason) {
        return new StatementDef(keyword, Kind.REFUSED, null, List.of(), false, reason);
    }

    /** The same definition, with values that are secrets (never shown unless asked for). */
    public StatementDef secret() {
        return new StatementDef(keyword, kind, valueType, children, true, refusal);
    }

    public String keyword() {
        return keyword;
    }

    public Kind kind() {
        return kind;
    }

    /** Type of the value (LEAF, LEAF_LIST), of the name (NAMED); null otherwise. */
    public ValueType valueType() {
        return valueType;
    }

    /** Child statements (CONTAINER, NAMED) or the options (CHOICE), in Junos display order. */
    public List<StatementDef> children() {
        return children;
    }

    public boolean isSecret() {
        return secret;
    }

    /** Why jiked refuses the statement (REFUSED only). */
    public String refusal() {
        return refusal;
    }

    /** The child or option with that keyword, or null. */
    public StatementDef child(String kw) {
        for (StatementDef c : children) {
            if (c.keyword.equals(kw)) {
                return c;
            }
        }
        return null;
    }

    /** Position of a child in display order. */
    public int indexOf(StatementDef child) {
        return children.indexOf(child);
    }

    /** Keywords a user may write here, sorted (refused statements left out), for "expected one of". */
    public List<String> acceptedKeywords() {
        List<String> out = new ArrayList<>();
        for (StatementDef c : children) {
            if (c.kind != Kind.REFUSED) {
                out.add(c.keyword);
            }
        }
        out.sort(null);
        return out;
    }

    /** True for statements that hold other statements. */
    public boolean isContainerLike() {
        return kind == Kind.CONTAINER || kind == Kind.NAMED;
    }

    @Override
    public String toString() {
        return kind + " " + keyword;
    }
}
