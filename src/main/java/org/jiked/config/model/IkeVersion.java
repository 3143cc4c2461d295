package org.jiked.config.model;

/** Values of {@code version} at {@code [edit security ike gateway NAME]}. Only v2-only is usable. */
public enum IkeVersion implements Keyword {
    V1_ONLY("v1-only"),
    V2_ONLY("v2-only");

    private final String keyword;

    IkeVersion(String keyword) {
        this.keyword = keyword;
    }

    @Override
    public String keyword() {
        return keyword;
    }
}
