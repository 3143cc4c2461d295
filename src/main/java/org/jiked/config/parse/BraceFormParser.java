package org.jiked.config.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the brace form that {@code show configuration} prints: {@code keyword { ... }} blocks,
 * statements ending in {@code ;}. After an error it skips the broken statement (and its block,
 * if it has one) and goes on, so one run reports every problem in the file.
 */
final class BraceFormParser {
    private final ErrorSink errors;
    private final TreeBuilder builder;
    private List<Token> tokens;
    private int pos;

    BraceFormParser(ErrorSink errors) {
        this.errors = errors;
        this.builder = new TreeBuilder(errors, Configuration.Form.BRACES);
    }

    void parse(List<Token> all, ConfigNode root) {
        tokens = new ArrayList<>();
        for (Token t : all) {
            if (t.type() != Token.Type.NEWLINE) {
                tokens.add(t);
            }
        }
        pos = 0;
        block(root, null);
    }

    /** Reads statements until the closing brace of {@code node} ({@code opener} null at top level). */
    private void block(ConfigNode node, Token opener) {
        List<Token> statement = new ArrayList<>();
        while (true) {
            if (pos >= tokens.size()) {
                if (!statement.isEmpty()) {
                    errors.add(statement.get(0).at(), node.path(), "missing ';' at end of file");
                }
                if (opener != null) {
                    errors.add(opener.at(), node.path(), "missing '}' for the block opened here");
                }
                return;
            }
            Token t = tokens.get(pos++);
            if (opener == null && statement.isEmpty() && t.isWord("set")) {
                errors.add(t.at(), "", "a 'set' command in a file in brace form; a file is either all 'set' lines"
                        + " or all braces");
                skipLine(t.at().line());
                continue;
            }
            switch (t.type()) {
                case SEMICOLON -> {
                    if (statement.isEmpty()) {
                        errors.add(t.at(), node.path(), "unexpected ';'");
                    } else {
                        ConfigNode target = builder.apply(node, statement);
                        if (target != null && target.definition().isContainerLike()) {
                            declare(target, statement.get(0), node); // e.g. an empty "proposal P1;"
                        }
                    }
                    statement.clear();
                }
                case LBRACE -> {
                    openBlock(node, statement, t);
                    statement.clear();
                }
                case RBRACE -> {
                    if (!statement.isEmpty()) {
                        errors.add(statement.get(0).at(), node.path(), "missing ';' after '"
                                + statement.get(statement.size() - 1).text() + "'");
                    }
                    if (opener == null) {
                        errors.add(t.at(), node.path(), "unexpected '}' with no open block");
                        continue;
                    }
                    return;
                }
                default -> statement.add(t);
            }
        }
    }

    private void openBlock(ConfigNode node, List<Token> statement, Token brace) {
        if (statement.isEmpty()) {
            errors.add(brace.at(), node.path(), "unexpected '{'");
            skipBlock();
            return;
        }
        ConfigNode target = builder.apply(node, statement);
        if (target == null) {
            skipBlock();
            return;
        }
        if (!target.definition().isContainerLike()) {
            errors.add(brace.at(), node.path(), "'" + target.keyword() + "' does not take a block");
            skipBlock();
            return;
        }
        if (!declare(target, statement.get(0), node)) {
            skipBlock();
            return;
        }
        block(target, brace);
    }

    /** Marks a block as written; a second block for the same statement is a duplicate. */
    private boolean declare(ConfigNode target, Token first, ConfigNode parent) {
        if (target.declaredAt() != null) {
            String what = target.name() == null ? target.keyword() : target.keyword() + " " + target.name();
            errors.add(first.at(), parent.path(), "duplicate statement '" + what + "' (first at line "
                    + target.declaredAt().line() + ")");
            return false;
        }
        target.declare(first.at());
        return true;
    }

    /** Skips the rest of a line (the set form is line-based). */
    private void skipLine(int line) {
        while (pos < tokens.size() && tokens.get(pos).at().line() == line) {
            pos++;
        }
    }

    /** Skips to the brace closing the block just opened. */
    private void skipBlock() {
        int depth = 1;
        while (pos < tokens.size() && depth > 0) {
            Token.Type type = tokens.get(pos++).type();
            if (type == Token.Type.LBRACE) {
                depth++;
            } else if (type == Token.Type.RBRACE) {
                depth--;
            }
        }
    }
}
