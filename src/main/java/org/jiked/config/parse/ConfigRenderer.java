package org.jiked.config.parse;

import java.util.List;

/**
 * Prints a configuration the way Junos does: {@code show configuration} (braces, four-space
 * indent, {@code ;} after leaves, lists as {@code [ a b ]}) and
 * {@code show configuration | display set} (one {@code set} line per leaf and list value).
 *
 * <p>Secrets are replaced by {@code "********"} and marked {@code ## SECRET-DATA}, where Junos
 * shows its reversible {@code $9$} encoding. jiked has no such encoding, so the key simply never
 * leaves the process in rendered output; the parser refuses the placeholder so that saved output
 * cannot be loaded back with a fake key. {@link Secrets#SHOWN} exists for round-trip tests.
 */
public final class ConfigRenderer {
    private ConfigRenderer() {}

    /** Whether secret values are printed. */
    public enum Secrets {
        /** Print the placeholder. The only mode for anything an operator or a log sees. */
        HIDDEN,
        /** Print the real values. For tests that need an exact round trip. */
        SHOWN
    }

    private static final String INDENT = "    ";
    private static final String SECRET_MARK = " ## SECRET-DATA";

    /** {@code show configuration}, secrets hidden. */
    public static String showConfiguration(Configuration config) {
        return showConfiguration(config, Secrets.HIDDEN);
    }

    /** {@code show configuration}. */
    public static String showConfiguration(Configuration config, Secrets secrets) {
        StringBuilder sb = new StringBuilder();
        for (ConfigNode child : config.root().children()) {
            braces(child, 0, secrets, sb);
        }
        return sb.toString();
    }

    /** {@code show configuration | display set}, secrets hidden. */
    public static String displaySet(Configuration config) {
        return displaySet(config, Secrets.HIDDEN);
    }

    /** {@code show configuration | display set}. */
    public static String displaySet(Configuration config, Secrets secrets) {
        StringBuilder sb = new StringBuilder();
        for (ConfigNode child : config.root().children()) {
            set(child, "set", secrets, sb);
        }
        return sb.toString();
    }

    private static void braces(ConfigNode node, int depth, Secrets secrets, StringBuilder sb) {
        String indent = INDENT.repeat(depth);
        sb.append(indent).append(node.keyword());
        switch (node.kind()) {
            case CONTAINER, NAMED -> {
                if (node.name() != null) {
                    sb.append(' ').append(quote(node.name()));
                }
                if (node.children().isEmpty()) {
                    sb.append(";\n");
                    return;
                }
                sb.append(" {\n");
                for (ConfigNode child : node.children()) {
                    braces(child, depth + 1, secrets, sb);
                }
                sb.append(indent).append("}\n");
            }
            case LEAF -> sb.append(' ').append(quote(node.value())).append(";\n");
            case LEAF_LIST -> {
                List<String> values = node.values();
                if (values.size() == 1) {
                    sb.append(' ').append(quote(values.get(0)));
                } else {
                    sb.append(" [");
                    for (String v : values) {
                        sb.append(' ').append(quote(v));
                    }
                    sb.append(" ]");
                }
                sb.append(";\n");
            }
            case FLAG -> sb.append(";\n");
            case CHOICE -> {
                sb.append(choiceText(node, secrets)).append(';');
                if (node.definition().isSecret()) {
                    sb.append(SECRET_MARK);
                }
                sb.append('\n');
            }
            case REFUSED -> throw new IllegalStateException("refused statements are never in a tree");
        }
    }

    private static void set(ConfigNode node, String prefix, Secrets secrets, StringBuilder sb) {
        String path = prefix + " " + node.keyword() + (node.name() != null ? " " + quote(node.name()) : "");
        switch (node.kind()) {
            case CONTAINER, NAMED -> {
                if (node.children().isEmpty()) {
                    sb.append(path).append('\n');
                }
                for (ConfigNode child : node.children()) {
                    set(child, path, secrets, sb);
                }
            }
            case LEAF -> sb.append(path).append(' ').append(quote(node.value())).append('\n');
            case LEAF_LIST -> {
                for (String v : node.values()) {
                    sb.append(path).append(' ').append(quote(v)).append('\n');
                }
            }
            case FLAG -> sb.append(path).append('\n');
            case CHOICE -> sb.append(path).append(choiceText(node, secrets)).append('\n');
            case REFUSED -> throw new IllegalStateException("refused statements are never in a tree");
        }
    }

    /** " option value" for a CHOICE; secrets are always quoted, like Junos prints them. */
    private static String choiceText(ConfigNode node, Secrets secrets) {
        String text = " " + node.option();
        String value = node.optionValue();
        if (value == null) {
            return text;
        }
        if (node.values().size() == 3) {
            // a qualified option: "distinguished-name container VALUE"
            return text + " " + value + " " + quote(node.values().get(2));
        }
        if (node.definition().isSecret()) {
            return text + " \"" + escape(secrets == Secrets.SHOWN ? value : TreeBuilder.REDACTED) + "\"";
        }
        return text + " " + quote(value);
    }

    /** Quotes a value when the parser would not read it back as one word. */
    static String quote(String s) {
        boolean plain = !s.isEmpty() && !s.startsWith("/*");
        for (int i = 0; plain && i < s.length(); i++) {
            char c = s.charAt(i);
            plain = c > ' ' && c != 0x7f && "{}[];\"#\\".indexOf(c) < 0;
        }
        return plain ? s : "\"" + escape(s) + "\"";
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
