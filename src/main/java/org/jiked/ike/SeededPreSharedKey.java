package org.jiked.ike;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
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
 * The ID octets are the identification data for FQDN, RFC 822 and key IDs (the text an operator
 * types), and the printed form for addresses (192.0.2.7, 2001:db8::7 as RFC 5952 writes it) and
 * DNs (CN=x,O=y, RFC 4514 order).
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
        String id = userId;
        if (userId.matches("[0-9a-fA-F:.]+") && (userId.contains(":") || userId.matches("[0-9.]+"))) {
            try {
                id = canonical(InetAddress.ofLiteral(userId));
            } catch (IllegalArgumentException e) {
                // not an address: the text as it is
            }
        }
        return text(seed, id.getBytes(StandardCharsets.UTF_8));
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

    static byte[] idOctets(Identity id) {
        byte[] data = id.data();
        return switch (id.idType()) {
            case IdType.ID_FQDN, IdType.ID_RFC822_ADDR, IdType.ID_KEY_ID -> data;
            case IdType.ID_IPV4_ADDR, IdType.ID_IPV6_ADDR -> {
                try {
                    yield canonical(InetAddress.getByAddress(data)).getBytes(StandardCharsets.US_ASCII);
                } catch (UnknownHostException e) {
                    yield data;
                }
            }
            default -> id.toString().getBytes(StandardCharsets.UTF_8);
        };
    }

    /** An address as RFC 5952 writes it: IPv6 in lower case with the longest run of zero groups as "::". */
    static String canonical(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] a = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }
}
