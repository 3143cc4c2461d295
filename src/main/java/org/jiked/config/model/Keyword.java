package org.jiked.config.model;

import java.util.ArrayList;
import java.util.List;

/**
 * An enum constant that is spelled in the configuration as a Junos keyword, e.g. {@code aes-256-gcm}.
 *
 * <p>The schema takes its value lists from these enums, so an algorithm added to an enum is
 * accepted by the parser and shows up in the "expected one of" lists without further changes.
 */
public interface Keyword {

    /** The keyword as written in the configuration. */
    String keyword();

    /** Returns the constant whose keyword is {@code keyword}, or null. */
    static <E extends Enum<E> & Keyword> E lookup(Class<E> type, String keyword) {
        for (E e : type.getEnumConstants()) {
            if (e.keyword().equals(keyword)) {
                return e;
            }
        }
        return null;
    }

    /** The keywords of the given constants, in the given order. */
    static List<String> keywords(Keyword... constants) {
        List<String> out = new ArrayList<>(constants.length);
        for (Keyword k : constants) {
            out.add(k.keyword());
        }
        return out;
    }
}
