package org.jiked.pki;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * {@code remote-identity distinguished-name [container STR | wildcard STR]}: which peer DNs a
 * gateway accepts. A container is a run of RDNs that must appear, contiguous and in order, in
 * the peer's DN (written in either direction: "C=CH, O=x" as strongSwan prints it, or
 * "O=x,C=CH" as RFC 4514 does); a wildcard lists attributes that must each be present with that
 * value, in any order. Without either, any DN is accepted (the certificate still has to match
 * it). Attribute values compare case-insensitively.
 */
public record DnPattern(Kind kind, List<String> rdns) {
    /** What the pattern asks. */
    public enum Kind { ANY, CONTAINER, WILDCARD }

    public static final DnPattern ANY = new DnPattern(Kind.ANY, List.of());
    private static final Map<String, String> OID_NAMES = Map.of("1.2.840.113549.1.9.1", "E");

    public DnPattern {
        rdns = List.copyOf(rdns);
    }

    /** @throws IllegalArgumentException when {@code text} is not a DN */
    public static DnPattern parse(Kind kind, String text) {
        return new DnPattern(kind, normalized(text));
    }

    public boolean matches(X500Principal dn) {
        if (kind == Kind.ANY) {
            return true;
        }
        List<String> peer;
        try {
            peer = normalized(dn.getName(X500Principal.RFC2253, OID_NAMES));
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (kind == Kind.WILDCARD) {
            return peer.containsAll(rdns);
        }
        return contains(peer, rdns) || contains(peer, rdns.reversed());
    }

    private static boolean contains(List<String> all, List<String> run) {
        for (int i = 0; i + run.size() <= all.size(); i++) {
            if (all.subList(i, i + run.size()).equals(run)) {
                return true;
            }
        }
        return false;
    }

    /** "TYPE=value" per RDN, types in one spelling, values lower case. */
    private static List<String> normalized(String text) {
        try {
            List<String> out = new ArrayList<>();
            for (Rdn r : new LdapName(text).getRdns()) {
                String type = switch (r.getType().toUpperCase(Locale.ROOT)) {
                    case "EMAIL", "EMAILADDRESS", "1.2.840.113549.1.9.1" -> "E";
                    case "S", "STATEORPROVINCENAME" -> "ST";
                    case "COMMONNAME" -> "CN";
                    default -> r.getType().toUpperCase(Locale.ROOT);
                };
                out.add(type + "=" + String.valueOf(r.getValue()).strip().toLowerCase(Locale.ROOT));
            }
            return out.reversed();
        } catch (InvalidNameException e) {
            throw new IllegalArgumentException("not a distinguished name: " + text);
        }
    }

    @Override
    public String toString() {
        return kind == Kind.ANY ? "distinguished-name" : "distinguished-name " + kind.name().toLowerCase(Locale.ROOT)
                + " " + String.join(", ", rdns);
    }
}
