package org.jiked.config.parse;

import java.util.List;
import org.jiked.config.ConfigException;
import org.jiked.config.schema.JikedSchema;

/**
 * Parses configuration text in either Junos form into a {@link Configuration}. The form is taken
 * from the first statement: a file starting with {@code set} is in the set form, any other in the
 * brace form.
 */
public final class ConfigParser {
    private ConfigParser() {}

    /**
     * Parses {@code text}; {@code fileName} is used in error messages only.
     *
     * @throws ConfigException listing every syntax error in the file
     */
    public static Configuration parse(String text, String fileName) throws ConfigException {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte order mark some editors write; not part of the first word
        }
        ErrorSink errors = new ErrorSink();
        List<Token> tokens = new Tokenizer(text, fileName, errors).tokenize();
        Configuration.Form form = detectForm(tokens);
        ConfigNode root = ConfigNode.root(JikedSchema.ROOT, fileName);
        if (form == Configuration.Form.SET) {
            new SetFormParser(errors).parse(tokens, root);
        } else {
            new BraceFormParser(errors).parse(tokens, root);
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors.sorted());
        }
        return new Configuration(fileName, form, root);
    }

    static Configuration.Form detectForm(List<Token> tokens) {
        for (Token t : tokens) {
            if (t.type() != Token.Type.NEWLINE) {
                return t.isWord("set") ? Configuration.Form.SET : Configuration.Form.BRACES;
            }
        }
        return Configuration.Form.SET; // empty or comments only: nothing to tell apart
    }
}
