package org.jiked.crypto;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Test helper: hex strings as printed in the RFCs, with any white space. */
final class Hex {
    private Hex() {}

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] repeat(int value, int count) {
        byte[] out = new byte[count];
        java.util.Arrays.fill(out, (byte) value);
        return out;
    }

    static byte[] range(int from, int toInclusive) {
        byte[] out = new byte[toInclusive - from + 1];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (from + i);
        }
        return out;
    }
}
