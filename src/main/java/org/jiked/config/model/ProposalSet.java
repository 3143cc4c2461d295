package org.jiked.config.model;

/**
 * Values of {@code proposal-set} at {@code [edit security ike policy NAME]} and
 * {@code [edit security ipsec policy NAME]}: predefined groups of proposals.
 * {@link ProposalSets} says what each one expands to in jiked.
 */
public enum ProposalSet implements Keyword {
    BASIC("basic"),
    COMPATIBLE("compatible"),
    PRIME_128("prime-128"),
    PRIME_256("prime-256"),
    STANDARD("standard"),
    SUITEB_GCM_128("suiteb-gcm-128"),
    SUITEB_GCM_256("suiteb-gcm-256");

    private final String keyword;

    ProposalSet(String keyword) {
        this.keyword = keyword;
    }

    @Override
    public String keyword() {
        return keyword;
    }
}
