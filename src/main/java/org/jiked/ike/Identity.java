package org.jiked.ike;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.jiked.wire.IdType;

/** An IKE identity: the ID type of RFC 7296 section 3.5 and its identification data. */
public record Identity(int idType, byte[] data) {
    public Identity {
        data = data.clone();
    }

    public static Identity of(InetAddress address) {
        return new Identity(address.getAddress().length == 4 ? IdType.ID_IPV4_ADDR : IdType.ID_IPV6_ADDR,
                address.getAddress());
    }

    public static Identity of(org.jiked.wire.payload.IdPayload id) {
        return new Identity(id.idType(), id.data());
    }

    public static Identity fqdn(String name) {
        return new Identity(IdType.ID_FQDN, name.getBytes(StandardCharsets.US_ASCII));
    }

    public static Identity rfc822(String address) {
        return new Identity(IdType.ID_RFC822_ADDR, address.getBytes(StandardCharsets.US_ASCII));
    }

    public static Identity keyId(byte[] keyId) {
        return new Identity(IdType.ID_KEY_ID, keyId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Identity i && i.idType == idType && Arrays.equals(i.data, data);
    }

    @Override
    public int hashCode() {
        return idType * 31 + Arrays.hashCode(data);
    }

    /** Printable form, as Junos shows identities. */
    @Override
    public String toString() {
        try {
            return switch (idType) {
                case IdType.ID_IPV4_ADDR, IdType.ID_IPV6_ADDR -> data.length == 4 || data.length == 16
                        ? InetAddress.getByAddress(data).getHostAddress() : "invalid-address";
                case IdType.ID_FQDN, IdType.ID_RFC822_ADDR -> printable(new String(data, StandardCharsets.US_ASCII));
                case IdType.ID_DER_ASN1_DN -> DistinguishedNames.toString(data);
                default -> "0x" + HexFormat.of().formatHex(data);
            };
        } catch (UnknownHostException e) {
            return "invalid-address";
        }
    }

    /** Replaces control characters so a peer's identity cannot forge log lines. */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }
}
