package org.jiked.wire;

import java.util.HexFormat;

/** Hex fixtures: whitespace is ignored and '#' starts a comment that runs to the end of the line. */
final class Hex {
    private Hex() {}

    static byte[] decode(String annotated) {
        StringBuilder clean = new StringBuilder();
        for (String line : annotated.split("\n")) {
            int hash = line.indexOf('#');
            String data = hash >= 0 ? line.substring(0, hash) : line;
            clean.append(data.replaceAll("\\s+", ""));
        }
        return HexFormat.of().parseHex(clean);
    }

    static String encode(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
