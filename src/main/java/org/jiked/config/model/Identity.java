package org.jiked.config.model;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.jiked.wire.IdType;

/**
 * An IKE identity, as configured by {@code local-identity} / {@code remote-identity} at
 * {@code [edit security ike gateway NAME]}, ready for the ID payload: the ID type number, the
 * encoded identification data, and the text form for logs and {@code show} output.
 *
 * <p>The data is encoded as RFC 7296 section 3.5 asks: 4 or 16 address octets, the FQDN or
 * RFC 822 address in ASCII, the key ID as raw octets (here the octets of the configured string).
 */
public record Identity(Type type, byte[] data, String text) {

    /** The identity forms, by Junos keyword. */
    public enum Type implements Keyword {
        INET("inet", IdType.ID_IPV4_ADDR),
        INET6("inet6", IdType.ID_IPV6_ADDR),
        HOSTNAME("hostname", IdType.ID_FQDN),
        USER_AT_HOSTNAME("user-at-hostname", IdType.ID_RFC822_ADDR),
        KEY_ID("key-id", IdType.ID_KEY_ID),
        DISTINGUISHED_NAME("distinguished-name", IdType.ID_DER_ASN1_DN);

        private final String keyword;
        private final int idType;

        Type(String keyword, int idType) {
            this.keyword = keyword;
            this.idType = idType;
        }

        @Override
        public String keyword() {
            return keyword;
        }

        /** ID payload ID Type (IANA). */
        public int idType() {
            return idType;
        }
    }

    public Identity {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(text, "text");
        data = data.clone();
    }

    /** ID payload ID Type number. */
    public int idType() {
        return type.idType();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The identity an address stands for when no identity is configured (ID_IPV4_ADDR / ID_IPV6_ADDR). */
    public static Identity ofAddress(InetAddress address) {
        Type t = address instanceof Inet4Address ? Type.INET : Type.INET6;
        return new Identity(t, address.getAddress(), IpAddresses.format(address));
    }

    public static Identity ipv4(Inet4Address address) {
        return ofAddress(address);
    }

    public static Identity ipv6(Inet6Address address) {
        return ofAddress(address);
    }

    public static Identity hostname(String fqdn) {
        return new Identity(Type.HOSTNAME, fqdn.getBytes(StandardCharsets.US_ASCII), fqdn);
    }

    public static Identity userAtHostname(String rfc822) {
        return new Identity(Type.USER_AT_HOSTNAME, rfc822.getBytes(StandardCharsets.US_ASCII), rfc822);
    }

    public static Identity keyId(String keyId) {
        return new Identity(Type.KEY_ID, keyId.getBytes(StandardCharsets.UTF_8), keyId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Identity i && i.type == type && Arrays.equals(i.data, data);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return type.keyword() + " " + text;
    }
}
