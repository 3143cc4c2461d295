package org.jiked.ike;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Junos IKE blocklists as the engine applies them: at the authentication stage of a new IKE SA,
 * the first rule that matches the peer's role, ID type and ID (a regular expression found
 * anywhere in the printable ID) decides: discard the request unanswered, or reject it with
 * AUTHENTICATION_FAILED; either way the SA is gone, and the peer may be backed off.
 *
 * <p>A gateway has one remote ID type, and as in Junos only the rules of that type apply to it:
 * a rule's {@code id-type} is compared with the type of the gateway's configured remote identity
 * (its address when none is configured; DN for {@code distinguished-name} patterns), and with the
 * type the peer presents only on a gateway that configures none ({@code general-ikeid}).
 */
public record IdBlocklist(String name, List<Rule> rules) {
    public IdBlocklist {
        rules = List.copyOf(rules);
    }

    /**
     * @param peerIsInitiator true for {@code role initiator} (the default): the rule looks at IDi as responder
     * @param idType the RFC 7296 ID type, or 0 for any
     * @param idPattern null for any ID
     * @param backoffMillis 0 when the rule sets no backoff of its own
     */
    public record Rule(String name, boolean peerIsInitiator, int idType, Pattern idPattern, boolean discard,
                       long backoffMillis) {
        boolean matches(boolean peerInitiated, Identity id, int gatewayIdType) {
            return peerIsInitiator == peerInitiated && (idType == 0 || idType == gatewayIdType)
                    && (idPattern == null || idPattern.matcher(id.toString()).find());
        }
    }

    /**
     * The first rule that matches, or null.
     *
     * @param gatewayIdType the ID type of the gateway's remote identity, or 0 when it has none:
     *     then the type {@code id} has
     */
    public Rule match(boolean peerInitiated, Identity id, int gatewayIdType) {
        int type = gatewayIdType != 0 ? gatewayIdType : id.idType();
        for (Rule r : rules) {
            if (r.matches(peerInitiated, id, type)) {
                return r;
            }
        }
        return null;
    }
}
