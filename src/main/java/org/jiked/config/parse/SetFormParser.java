package org.jiked.config.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the set form: one {@code set} command per line, each naming a full path from the root,
 * as {@code show configuration | display set} prints and as an operator types them.
 */
final class SetFormParser {
    /** Junos configuration-mode commands a set file might contain, refused with a clear message. */
    private static final Set<String> OTHER_COMMANDS =
            Set.of("delete", "deactivate", "activate", "edit", "insert", "rename", "annotate", "protect", "up", "top");

    private final ErrorSink errors;
    private final TreeBuilder builder;

    SetFormParser(ErrorSink errors) {
        this.errors = errors;
        this.builder = new TreeBuilder(errors, Configuration.Form.SET);
    }

    void parse(List<Token> tokens, ConfigNode root) {
        List<Token> line = new ArrayList<>();
        for (Token t : tokens) {
            if (t.type() == Token.Type.NEWLINE) {
                command(line, root);
                line.clear();
            } else {
                line.add(t);
            }
        }
        command(line, root);
    }

    private void command(List<Token> line, ConfigNode root) {
        if (line.isEmpty()) {
            return;
        }
        Token first = line.get(0);
        if (!first.isWord("set")) {
            String msg = first.type() == Token.Type.WORD && OTHER_COMMANDS.contains(first.text())
                    ? "only 'set' commands are supported; found '" + first.text() + "'"
                    : "expected a 'set' command; found " + first.describe()
                            + " (a file is either all 'set' lines or all braces)";
            errors.add(first.at(), "", msg);
            return;
        }
        if (line.size() == 1) {
            errors.add(first.at(), "", "incomplete 'set' command");
            return;
        }
        builder.apply(root, line.subList(1, line.size()));
    }
}
