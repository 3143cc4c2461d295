package org.jiked.config.parse;

/** A lexical token of either configuration form. */
record Token(Type type, String text, SourceLocation at) {

    enum Type {
        /** An unquoted word: keyword, name or value. */
        WORD,
        /** A double-quoted string, escapes resolved. */
        STRING,
        LBRACE,
        RBRACE,
        SEMICOLON,
        LBRACKET,
        RBRACKET,
        /** End of a line; it ends a command in the set form. */
        NEWLINE
    }

    /** True for tokens that can be a name or a value. */
    boolean isValue() {
        return type == Type.WORD || type == Type.STRING;
    }

    boolean isWord(String word) {
        return type == Type.WORD && text.equals(word);
    }

    /** How the token is named in messages. */
    String describe() {
        return switch (type) {
            case WORD -> "'" + text + "'";
            case STRING -> "\"" + text + "\"";
            case NEWLINE -> "end of line";
            default -> "'" + text + "'";
        };
    }
}
