package org.jiked.wire;

/** Identification types (RFC 7296 section 3.5). */
public final class IdType {
    private IdType() {}

    public static final int ID_IPV4_ADDR = 1;
    public static final int ID_FQDN = 2;
    public static final int ID_RFC822_ADDR = 3;
    public static final int ID_IPV6_ADDR = 5;
    public static final int ID_DER_ASN1_DN = 9;
    public static final int ID_DER_ASN1_GN = 10;
    public static final int ID_KEY_ID = 11;
}
