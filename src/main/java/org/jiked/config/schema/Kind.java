package org.jiked.config.schema;

/** The shapes a Junos configuration statement can take. */
public enum Kind {
    /** {@code keyword { ... }}: a fixed container of statements. */
    CONTAINER,
    /** {@code keyword NAME { ... }}: one of many named entries, e.g. {@code proposal P1}. */
    NAMED,
    /** {@code keyword value;} */
    LEAF,
    /** {@code keyword value;} or {@code keyword [ v1 v2 ];}; set lines add values. */
    LEAF_LIST,
    /** {@code keyword;} */
    FLAG,
    /**
     * {@code keyword option [value];}: one of several alternatives printed on one line, e.g.
     * {@code local-identity inet 192.0.2.1;} or {@code pre-shared-key ascii-text "...";}.
     */
    CHOICE,
    /** A Junos statement jiked knows and refuses with a reason (e.g. the IKEv1-only {@code mode}). */
    REFUSED
}
