package org.jiked.pki;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The little DER (ITU-T X.690) that jiked reads and writes itself: the RFC 7427 AlgorithmIdentifier
 * in an AUTH payload and the wrapping of traditional PEM keys into PKCS#8. Everything else goes
 * through java.security, which has its own parser. Reading is strict: definite lengths in their
 * shortest form, no element running past its parent.
 */
final class Der {
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;

    private Der() {}

    /** One element: its tag, and its contents. */
    record Element(int tag, byte[] contents, int encodedLength) {
        List<Element> children() throws DerException {
            List<Element> out = new ArrayList<>();
            int pos = 0;
            while (pos < contents.length) {
                Element e = read(contents, pos);
                out.add(e);
                pos += e.encodedLength;
            }
            return out;
        }
    }

    /** Malformed DER. */
    static final class DerException extends Exception {
        DerException(String message) {
            super(message);
        }
    }

    /** Reads the element at {@code offset}. */
    static Element read(byte[] in, int offset) throws DerException {
        if (offset + 2 > in.length) {
            throw new DerException("truncated element");
        }
        int tag = in[offset] & 0xff;
        if ((tag & 0x1f) == 0x1f) {
            throw new DerException("multi-byte tags are not used here");
        }
        int first = in[offset + 1] & 0xff;
        int pos = offset + 2;
        int length;
        if (first < 0x80) {
            length = first;
        } else {
            int n = first & 0x7f;
            if (n == 0 || n > 3 || pos + n > in.length) {
                throw new DerException("bad length");
            }
            length = 0;
            for (int i = 0; i < n; i++) {
                length = (length << 8) | (in[pos++] & 0xff);
            }
            if (length < 0x80 || (n > 1 && length < (1 << (8 * (n - 1))))) {
                throw new DerException("length not in its shortest form");
            }
        }
        if (length > in.length - pos) {
            throw new DerException("element runs past its container");
        }
        return new Element(tag, Arrays.copyOfRange(in, pos, pos + length), pos + length - offset);
    }

    /** Reads exactly one element filling {@code in}. */
    static Element readWhole(byte[] in) throws DerException {
        Element e = read(in, 0);
        if (e.encodedLength != in.length) {
            throw new DerException("trailing data after the element");
        }
        return e;
    }

    static byte[] encode(int tag, byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            body.writeBytes(p);
        }
        byte[] b = body.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (b.length < 0x80) {
            out.write(b.length);
        } else if (b.length < 0x100) {
            out.write(0x81);
            out.write(b.length);
        } else if (b.length < 0x10000) {
            out.write(0x82);
            out.write(b.length >> 8);
            out.write(b.length);
        } else {
            out.write(0x83);
            out.write(b.length >> 16);
            out.write(b.length >> 8);
            out.write(b.length);
        }
        out.writeBytes(b);
        return out.toByteArray();
    }

    static byte[] sequence(byte[]... parts) {
        return encode(SEQUENCE, parts);
    }

    /** The whole TLV of an element, re-encoded. */
    static byte[] encoded(Element e) {
        return encode(e.tag(), e.contents());
    }

    /** Dotted OID text from OID contents. */
    static String oidToString(byte[] c) throws DerException {
        if (c.length == 0 || (c[c.length - 1] & 0x80) != 0) {
            throw new DerException("bad OID");
        }
        StringBuilder sb = new StringBuilder();
        long value = 0;
        boolean first = true;
        for (byte b : c) {
            if (value == 0 && (b & 0xff) == 0x80) {
                throw new DerException("OID arc not in its shortest form");
            }
            value = (value << 7) | (b & 0x7f);
            if (value > Integer.MAX_VALUE) {
                throw new DerException("OID arc too large");
            }
            if ((b & 0x80) == 0) {
                if (first) {
                    int x = value < 80 ? (int) value / 40 : 2;
                    sb.append(x).append('.').append(value - 40L * x);
                    first = false;
                } else {
                    sb.append('.').append(value);
                }
                value = 0;
            }
        }
        return sb.toString();
    }

    /** OID TLV from dotted text. */
    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        base128(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            base128(out, Long.parseLong(arcs[i]));
        }
        return encode(OID, out.toByteArray());
    }

    private static void base128(ByteArrayOutputStream out, long v) {
        int groups = 1;
        while ((v >>> (7 * groups)) != 0) {
            groups++;
        }
        for (int g = groups - 1; g >= 0; g--) {
            int b = (int) ((v >>> (7 * g)) & 0x7f);
            out.write(g == 0 ? b : b | 0x80);
        }
    }
}
