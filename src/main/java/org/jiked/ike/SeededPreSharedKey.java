package org.jiked.ike;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jiked.wire.IdType;

/**
 * {@code seeded-pre-shared-key}: one seed on the IKE policy, a different pre-shared key for each
 * initiator, derived from the seed and the initiator's IKE ID, so a dynamic gateway serves many
 * peers without one key shared by all (a leaked key gives away one peer's ID, not every peer's).
 *
 * <p>The derivation is jiked's own, as Junos does not document its: the key is the text of
 * HMAC-SHA-256(seed, ID) in 64 lowercase hexadecimal digits, and the pre-shared key octets are
 * those 64 ASCII characters (so it can be typed into a peer's configuration as it is printed).
 * The ID octets are the identification data (the text of an FQDN, RFC 822 or key ID, the 4 or 16
 * octets of an address), except for a DN, whose printed form (CN=x,O=y, RFC 4514 order) is used
 * so that an operator can type it.
 * Keys made this way work with jiked's {@code request security ike pre-shared-key}, not with
 * keys a Junos device generates.
 */
public final class SeededPreSharedKey {
    private SeededPreSharedKey() {}

    /** The key for the initiator that identifies as {@code id}. */
    public static byte[] derive(byte[] seed, Identity id) {
        return text(seed, idOctets(id)).getBytes(StandardCharsets.US_ASCII);
    }

    /** The key, as text, for an ID typed by an operator ({@code user-id}); an address in any spelling. */
    public static String text(byte[] seed, String userId) {
        byte[] id = userId.getBytes(StandardCharsets.UTF_8);
        if (userId.matches("[0-9a-fA-F:.]+") && (userId.contains(":") || userId.matches("[0-9.]+"))) {
            try {
                id = InetAddress.ofLiteral(userId).getAddress();
            } catch (IllegalArgumentException e) {
                // not an address: the text as it is
            }
        }
        return text(seed, id);
    }

    private static String text(byte[] seed, byte[] id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(seed, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(id));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is part of every JDK", e);
        }
    }

    /** The identification data, except for a DN: its printed form, which an operator can type. */
    static byte[] idOctets(Identity id) {
        return id.idType() == IdType.ID_DER_ASN1_DN ? id.toString().getBytes(StandardCharsets.UTF_8) : id.data();
    }
}
