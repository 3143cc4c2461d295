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

    /** The IKE ID types a rule can match, by their Junos names. */
    public enum IdKind implements Keyword {
        INET("inet", 1), INET6("inet6", 5), HOSTNAME("hostname", 2), DISTINGUISHED_NAME("distinguished-name", 9),
        USER_AT_HOSTNAME("user-at-hostname", 3), KEY_ID("key-id", 11);

        private final String keyword;
        private final int idType;

        IdKind(String keyword, int idType) {
            this.keyword = keyword;
            this.idType = idType;
        }

        @Override
        public String keyword() {
            return keyword;
        }

        /** The IKEv2 ID type number (RFC 7296 section 3.5). */
        public int idType() {
            return idType;
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
    public record Rule(String name, Role role, IdKind idType, Pattern idPattern, Action action, int backoffSeconds) {}
}
