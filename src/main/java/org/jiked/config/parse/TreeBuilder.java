package org.jiked.config.parse;

import java.util.ArrayList;
import java.util.List;
import org.jiked.config.schema.Kind;
import org.jiked.config.schema.StatementDef;
import org.jiked.config.schema.ValueType;

/**
 * Puts one statement into the tree, checking it against the schema on the way. The set form
 * gives whole paths from the root ({@code security ike proposal P1 dh-group group14}); the brace
 * form gives one level at a time. Both come through {@link #apply}.
 *
 * <p>The two forms differ on repetition. In the set form, repeating a line is harmless and list
 * values add up, as in Junos; giving a leaf a second, different value is reported, since in a
 * file that is a mistake rather than an edit. In the brace form, which {@code show configuration}
 * never prints with repeats, any repeated statement is reported.
 */
final class TreeBuilder {
    /** What the renderer prints in place of a secret; refused as a value so it cannot become a key. */
    static final String REDACTED = "********";

    private final ErrorSink errors;
    private final Configuration.Form form;

    TreeBuilder(ErrorSink errors, Configuration.Form form) {
        this.errors = errors;
        this.form = form;
    }

    /**
     * Applies the statement {@code toks} (without its terminator) below {@code parent}.
     *
     * @return the node the statement ends at, or null if it had an error (already reported)
     */
    ConfigNode apply(ConfigNode parent, List<Token> toks) {
        ConfigNode node = parent;
        int i = 0;
        while (i < toks.size()) {
            Token t = toks.get(i);
            if (t.type() != Token.Type.WORD) {
                error(t, node, "unexpected " + t.describe() + "; expected one of: "
                        + String.join(", ", node.definition().acceptedKeywords()));
                return null;
            }
            StatementDef def = node.definition().child(t.text());
            if (def == null) {
                error(t, node, "unknown statement '" + t.text() + "'; expected one of: "
                        + String.join(", ", node.definition().acceptedKeywords()));
                return null;
            }
            switch (def.kind()) {
                case REFUSED -> {
                    error(t, node, "statement '" + def.keyword() + "' is not supported: " + def.refusal());
                    return null;
                }
                case CONTAINER -> {
                    node = getOrAdd(node, def, null, t);
                    i++;
                }
                case NAMED -> {
                    if (i + 1 >= toks.size() || !toks.get(i + 1).isValue()) {
                        error(t, node, "missing name after '" + def.keyword() + "'");
                        return null;
                    }
                    Token n = toks.get(i + 1);
                    if (!def.valueType().accepts(n.text())) {
                        error(n, node, "invalid name '" + n.text() + "' for " + def.keyword()
                                + "; expected " + def.valueType().expected());
                        return null;
                    }
                    node = getOrAdd(node, def, n.text(), t);
                    i += 2;
                }
                case LEAF -> {
                    return leaf(node, def, toks, i);
                }
                case LEAF_LIST -> {
                    return leafList(node, def, toks, i);
                }
                case FLAG -> {
                    return flag(node, def, toks, i);
                }
                case CHOICE -> {
                    return choice(node, def, toks, i);
                }
            }
        }
        return node;
    }

    private ConfigNode leaf(ConfigNode parent, StatementDef def, List<Token> toks, int i) {
        Token kw = toks.get(i);
        if (i + 1 >= toks.size()) {
            error(kw, parent, "missing value for '" + def.keyword() + "'; expected " + def.valueType().expected());
            return null;
        }
        Token v = toks.get(i + 1);
        if (!v.isValue()) {
            error(v, parent, "'" + def.keyword() + "' takes one value; found " + v.describe());
            return null;
        }
        if (!checkValue(def, def.keyword(), def.valueType(), v, parent) || !nothingAfter(toks, i + 2, parent, def)) {
            return null;
        }
        ConfigNode existing = parent.findChild(def, null);
        if (existing != null) {
            return repeated(existing, List.of(v.text()), kw, parent);
        }
        ConfigNode node = parent.addChild(def, null, kw.at());
        node.addValue(v.text(), v.at());
        return node;
    }

    private ConfigNode leafList(ConfigNode parent, StatementDef def, List<Token> toks, int i) {
        Token kw = toks.get(i);
        List<Token> vals = new ArrayList<>();
        int next;
        if (i + 1 >= toks.size()) {
            error(kw, parent, "missing value for '" + def.keyword() + "'; expected " + def.valueType().expected());
            return null;
        }
        if (toks.get(i + 1).type() == Token.Type.LBRACKET) {
            next = i + 2;
            while (next < toks.size() && toks.get(next).type() != Token.Type.RBRACKET) {
                Token v = toks.get(next++);
                if (!v.isValue()) {
                    error(v, parent, "unexpected " + v.describe() + " in the list of '" + def.keyword() + "'");
                    return null;
                }
                vals.add(v);
            }
            if (next >= toks.size()) {
                error(toks.get(i + 1), parent, "missing ']' after the list of '" + def.keyword() + "'");
                return null;
            }
            next++; // the ']'
            if (vals.isEmpty()) {
                error(toks.get(i + 1), parent, "empty list for '" + def.keyword() + "'");
                return null;
            }
        } else {
            Token v = toks.get(i + 1);
            if (!v.isValue()) {
                error(v, parent, "unexpected " + v.describe() + " after '" + def.keyword() + "'");
                return null;
            }
            vals.add(v);
            next = i + 2;
        }
        boolean ok = true;
        List<String> seen = new ArrayList<>();
        for (Token v : vals) {
            if (!checkValue(def, def.keyword(), def.valueType(), v, parent)) {
                ok = false;
            } else if (seen.contains(v.text())) {
                error(v, parent, "'" + v.text() + "' is listed twice in '" + def.keyword() + "'");
                ok = false;
            }
            seen.add(v.text());
        }
        if (!ok || !nothingAfter(toks, next, parent, def)) {
            return null;
        }
        ConfigNode node = parent.findChild(def, null);
        if (node != null && form == Configuration.Form.BRACES) {
            duplicate(kw, parent, node);
            return null;
        }
        if (node == null) {
            node = parent.addChild(def, null, kw.at());
        }
        for (Token v : vals) {
            if (!node.values().contains(v.text())) { // set lines add values; a repeat adds nothing
                node.addValue(v.text(), v.at());
            }
        }
        return node;
    }

    private ConfigNode flag(ConfigNode parent, StatementDef def, List<Token> toks, int i) {
        Token kw = toks.get(i);
        if (!nothingAfter(toks, i + 1, parent, def)) {
            return null;
        }
        ConfigNode existing = parent.findChild(def, null);
        if (existing != null) {
            return repeated(existing, List.of(), kw, parent);
        }
        return parent.addChild(def, null, kw.at());
    }

    private ConfigNode choice(ConfigNode parent, StatementDef def, List<Token> toks, int i) {
        Token kw = toks.get(i);
        String options = String.join(", ", def.acceptedKeywords());
        if (i + 1 >= toks.size()) {
            error(kw, parent, "missing value for '" + def.keyword() + "'; expected one of: " + options);
            return null;
        }
        Token o = toks.get(i + 1);
        StatementDef opt = o.type() == Token.Type.WORD ? def.child(o.text()) : null;
        if (opt == null) {
            error(o, parent, "invalid value '" + o.text() + "' for " + def.keyword() + "; expected one of: " + options);
            return null;
        }
        List<String> vals = new ArrayList<>(List.of(opt.keyword()));
        Token v = null;
        int next = i + 2;
        if (opt.kind() == Kind.LEAF) {
            String what = def.keyword() + " " + opt.keyword();
            if (next >= toks.size() || !toks.get(next).isValue()) {
                error(next < toks.size() ? toks.get(next) : o, parent,
                        "missing value for '" + what + "'; expected " + opt.valueType().expected());
                return null;
            }
            v = toks.get(next++);
            if (!checkValue(def, what, opt.valueType(), v, parent)) {
                return null;
            }
            vals.add(v.text());
        }
        Token q = null;
        if (opt.kind() == Kind.CONTAINER && next < toks.size() && toks.get(next).type() == Token.Type.WORD
                && opt.child(toks.get(next).text()) != null) {
            // a qualified option: "distinguished-name container VALUE"
            q = toks.get(next++);
            StatementDef qual = opt.child(q.text());
            String what = def.keyword() + " " + opt.keyword() + " " + qual.keyword();
            if (next >= toks.size() || !toks.get(next).isValue()) {
                error(q, parent, "missing value for '" + what + "'; expected " + qual.valueType().expected());
                return null;
            }
            v = toks.get(next++);
            if (!checkValue(def, what, qual.valueType(), v, parent)) {
                return null;
            }
            vals.add(q.text());
            vals.add(v.text());
        }
        if (!nothingAfter(toks, next, parent, def)) {
            return null;
        }
        ConfigNode existing = parent.findChild(def, null);
        if (existing != null) {
            return repeated(existing, vals, kw, parent);
        }
        ConfigNode node = parent.addChild(def, null, kw.at());
        node.addValue(opt.keyword(), o.at());
        if (q != null) {
            node.addValue(q.text(), q.at());
        }
        if (v != null) {
            node.addValue(v.text(), v.at());
        }
        return node;
    }

    /** Checks one value; for secrets the value itself never appears in a message. */
    private boolean checkValue(StatementDef def, String what, ValueType type, Token v, ConfigNode parent) {
        if (def.isSecret() && v.text().equals(REDACTED)) {
            error(v, parent, "'" + what + "' is the placeholder that 'show configuration' prints in place of"
                    + " the key; write the real key");
            return false;
        }
        if (!type.accepts(v.text())) {
            error(v, parent, def.isSecret()
                    ? "invalid value for " + what + "; expected " + type.expected()
                    : type.invalidValueMessage(what, v.text()));
            return false;
        }
        return true;
    }

    private boolean nothingAfter(List<Token> toks, int next, ConfigNode parent, StatementDef def) {
        if (next < toks.size()) {
            error(toks.get(next), parent, "unexpected " + toks.get(next).describe() + " after '" + def.keyword() + "'"
                    + (def.kind() == Kind.LEAF ? " (it takes one value; quote values with spaces)" : ""));
            return false;
        }
        return true;
    }

    /** A leaf, flag or choice given again: see the class comment for the rules. */
    private ConfigNode repeated(ConfigNode existing, List<String> vals, Token kw, ConfigNode parent) {
        if (form == Configuration.Form.BRACES) {
            duplicate(kw, parent, existing);
            return null;
        }
        if (existing.values().equals(vals)) {
            return existing;
        }
        String was = existing.definition().isSecret() ? "another key" : "'" + String.join(" ", existing.values()) + "'";
        error(kw, parent, "'" + existing.keyword() + "' is already set to " + was + " at line "
                + existing.location().line());
        return null;
    }

    private void duplicate(Token kw, ConfigNode parent, ConfigNode existing) {
        error(kw, parent, "duplicate statement '" + existing.keyword() + "' (first at line " + existing.location().line() + ")");
    }

    private static ConfigNode getOrAdd(ConfigNode parent, StatementDef def, String name, Token at) {
        ConfigNode existing = parent.findChild(def, name);
        return existing != null ? existing : parent.addChild(def, name, at.at());
    }

    private void error(Token at, ConfigNode node, String message) {
        errors.add(at.at(), node.path(), message);
    }
}
