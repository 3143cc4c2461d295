package org.jiked.config.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits configuration text into tokens. Both forms share the lexical rules: {@code #} starts a
 * comment to the end of the line, slash-star comments run to star-slash (Junos prints annotations
 * that way), strings are double-quoted with backslash escapes, and braces, brackets and
 * semicolons stand alone.
 */
final class Tokenizer {
    private final String text;
    private final String file;
    private final ErrorSink errors;
    private int pos;
    private int line = 1;
    private int lineStart;

    Tokenizer(String text, String file, ErrorSink errors) {
        this.text = text;
        this.file = file;
        this.errors = errors;
    }

    List<Token> tokenize() {
        List<Token> out = new ArrayList<>();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                out.add(new Token(Token.Type.NEWLINE, "\n", here()));
                newline();
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
                pos++;
            } else if (c == '#') {
                skipToEndOfLine();
            } else if (c == '/' && peek(1) == '*') {
                skipBlockComment();
            } else if (c == '"') {
                out.add(quoted());
            } else if (c == '{' || c == '}' || c == ';' || c == '[' || c == ']') {
                out.add(new Token(single(c), String.valueOf(c), here()));
                pos++;
            } else {
                out.add(word());
            }
        }
        return out;
    }

    private static Token.Type single(char c) {
        return switch (c) {
            case '{' -> Token.Type.LBRACE;
            case '}' -> Token.Type.RBRACE;
            case ';' -> Token.Type.SEMICOLON;
            case '[' -> Token.Type.LBRACKET;
            default -> Token.Type.RBRACKET;
        };
    }

    private Token word() {
        SourceLocation at = here();
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c) || c == '{' || c == '}' || c == ';' || c == '[' || c == ']' || c == '"') {
                break;
            }
            pos++;
        }
        return new Token(Token.Type.WORD, text.substring(start, pos), at);
    }

    private Token quoted() {
        SourceLocation at = here();
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return new Token(Token.Type.STRING, sb.toString(), at);
            }
            if (c == '\\' && pos + 1 < text.length()) {
                char next = text.charAt(pos + 1);
                // A backslash takes the next character literally, as in Junos strings.
                sb.append(next);
                pos += 2;
                if (next == '\n') {
                    newlineAt(pos);
                }
                continue;
            }
            if (c == '\n') {
                // A string running past the end of its line is almost always a missing quote.
                errors.add(at, "", "unterminated quoted string");
                return new Token(Token.Type.STRING, sb.toString(), at);
            }
            sb.append(c);
            pos++;
        }
        errors.add(at, "", "unterminated quoted string");
        return new Token(Token.Type.STRING, sb.toString(), at);
    }

    private void skipToEndOfLine() {
        while (pos < text.length() && text.charAt(pos) != '\n') {
            pos++;
        }
    }

    private void skipBlockComment() {
        SourceLocation at = here();
        pos += 2;
        while (pos < text.length()) {
            if (text.charAt(pos) == '*' && peek(1) == '/') {
                pos += 2;
                return;
            }
            if (text.charAt(pos) == '\n') {
                newline();
            } else {
                pos++;
            }
        }
        errors.add(at, "", "unterminated comment '/*'");
    }

    private char peek(int ahead) {
        int p = pos + ahead;
        return p < text.length() ? text.charAt(p) : '\0';
    }

    private void newline() {
        pos++;
        newlineAt(pos);
    }

    private void newlineAt(int nextLineStart) {
        line++;
        lineStart = nextLineStart;
    }

    private SourceLocation here() {
        return new SourceLocation(file, line, pos - lineStart + 1);
    }
}
