package org.jiked.config.model;

import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code security ike blocklists NAME}: rules, in order, that refuse new IKE SAs by the peer's IKE
 * identity at the authentication stage (the seed's IKE DDoS protection). An IKE policy refers to
 * one with {@code blocklist NAME}; existing SAs are never touched.
 */
public record Blocklist(String name, List<Rule> rules) {
    public Blocklist {
        rules = List.copyOf(rules);
    }

    /** Whom a rule looks at: the peer as initiator (the default) or as responder. */
    public enum Role implements Keyword {
        INITIATOR("initiator"), RESPONDER("responder");

        private final String keyword;

        Role(String keyword) {
            this.keyword = keyword;
        }

        @Override
        public String keyword() {
            return keyword;
        }
    }

    /** What happens on a match: discard without an answer, or reject with AUTHENTICATION_FAILED. */
    public enum Action implements Keyword {
        DISCARD("discard"), REJECT("reject");

        private final String keyword;

        Action(String keyword) {
            this.keyword = keyword;
        }

        @Override
        public String keyword() {
            return keyword;
        }
    }

    /**
     * One rule. {@code idType} null matches every ID type; {@code idPattern} null matches every ID;
     * {@code backoffSeconds} 0 means no backoff of its own.
     */
    public record Rule(String name, Role role, Identity.Type idType, Pattern idPattern, Action action, int backoffSeconds) {}
}
