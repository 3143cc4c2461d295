package org.jiked.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code swanctl --list-sas} output, raw and in a light parsed form. The parser reads the
 * pretty text that a person sees in a failing test's log, so the two never disagree; it
 * keeps only what tests assert on and ignores lines it does not know.
 *
 * <pre>
 * t: #1, ESTABLISHED, IKEv2, a81c5ca9d2528214_i* b440105775354e71_r
 *   local  '192.0.2.1' @ 192.0.2.1[4500]
 *   remote '192.0.2.2' @ 192.0.2.2[4500]
 *   AES_GCM_16-256/PRF_HMAC_SHA2_256/CURVE_25519
 *   established 0s ago, rekeying in 13193s
 *   net: #1, reqid 1, INSTALLED, TUNNEL-in-UDP, ESP:AES_GCM_16-256
 *     installed 0s ago, rekeying in 3319s, expires in 3960s
 *     in  a305b044,      0 bytes,     0 packets
 *     out 3073d89b,      0 bytes,     0 packets
 *     local  198.51.100.0/24
 *     remote 203.0.113.0/24
 * </pre>
 */
public record SwanctlSas(String raw, List<IkeSa> ikeSas) {
    private static final Pattern IKE = Pattern.compile(
            "^(\\S+): #(\\d+), (\\w+), IKEv(\\d), ([0-9a-f]+)_i(\\*?) ([0-9a-f]+)_r(\\*?)");
    private static final Pattern ENDPOINT = Pattern.compile("^  (local|remote)\\s+'(.*)' @ (\\S+?)\\[(\\d+)\\]");
    private static final Pattern IKE_ALG = Pattern.compile("^  ([A-Z][A-Z0-9_]*(-\\d+)?(/[A-Z0-9_-]+)+)\\s*$");
    private static final Pattern CHILD = Pattern.compile(
            "^  (\\S+): #(\\d+), reqid (\\d+), (\\w+), (\\S+), (\\w+):(\\S+)");
    private static final Pattern SPI = Pattern.compile("^    (in|out)\\s+([0-9a-f]+)");
    private static final Pattern TS = Pattern.compile("^    (local|remote)\\s+(.+?)\\s*$");

    /** One CHILD_SA: state (INSTALLED, REKEYED, ...), mode (TUNNEL, TUNNEL-in-UDP, ...), SPIs in hex. */
    public record ChildSa(String name, int uniqueId, int reqid, String state, String mode,
                          String protocol, String algorithms, String spiIn, String spiOut,
                          List<String> localTs, List<String> remoteTs) {
    }

    /** One IKE_SA: state (ESTABLISHED, CONNECTING, ...), SPIs in hex, algorithm line. */
    public record IkeSa(String name, int uniqueId, String state, int version, String spiI, String spiR,
                        boolean initiator, String localId, String localHost, String remoteId,
                        String remoteHost, String algorithms, List<ChildSa> children) {

        public Optional<ChildSa> child(String childName) {
            return children.stream().filter(c -> c.name().equals(childName)).findFirst();
        }
    }

    public static SwanctlSas parse(String raw) {
        List<IkeSa> out = new ArrayList<>();
        IkeBuilder ike = null;
        ChildBuilder child = null;
        for (String line : raw.split("\n")) {
            Matcher m;
            if ((m = IKE.matcher(line)).find()) {
                if (ike != null) {
                    out.add(ike.build(child));
                }
                child = null;
                ike = new IkeBuilder(m);
            } else if (ike == null) {
                continue;
            } else if ((m = CHILD.matcher(line)).find()) {
                if (child != null) {
                    ike.children.add(child.build());
                }
                child = new ChildBuilder(m);
            } else if (child == null && (m = ENDPOINT.matcher(line)).find()) {
                if (m.group(1).equals("local")) {
                    ike.localId = m.group(2);
                    ike.localHost = m.group(3);
                } else {
                    ike.remoteId = m.group(2);
                    ike.remoteHost = m.group(3);
                }
            } else if (child == null && (m = IKE_ALG.matcher(line)).find()) {
                ike.algorithms = m.group(1);
            } else if (child != null && (m = SPI.matcher(line)).find()) {
                if (m.group(1).equals("in")) {
                    child.spiIn = m.group(2);
                } else {
                    child.spiOut = m.group(2);
                }
            } else if (child != null && (m = TS.matcher(line)).find()) {
                List<String> ts = List.of(m.group(2).split("\\s+"));
                if (m.group(1).equals("local")) {
                    child.localTs = ts;
                } else {
                    child.remoteTs = ts;
                }
            }
        }
        if (ike != null) {
            out.add(ike.build(child));
        }
        return new SwanctlSas(raw, List.copyOf(out));
    }

    public boolean isEmpty() {
        return ikeSas.isEmpty();
    }

    /** The first IKE_SA of connection {@code name}. */
    public Optional<IkeSa> ike(String name) {
        return ikeSas.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private static final class IkeBuilder {
        final String name;
        final int id;
        final String state;
        final int version;
        final String spiI;
        final String spiR;
        final boolean initiator;
        String localId;
        String localHost;
        String remoteId;
        String remoteHost;
        String algorithms;
        final List<ChildSa> children = new ArrayList<>();

        IkeBuilder(Matcher m) {
            name = m.group(1);
            id = Integer.parseInt(m.group(2));
            state = m.group(3);
            version = Integer.parseInt(m.group(4));
            spiI = m.group(5);
            spiR = m.group(7);
            // The star marks our own SPI: on the initiator it follows the _i SPI.
            initiator = !m.group(6).isEmpty();
        }

        IkeSa build(ChildBuilder pending) {
            if (pending != null) {
                children.add(pending.build());
            }
            return new IkeSa(name, id, state, version, spiI, spiR, initiator, localId, localHost,
                    remoteId, remoteHost, algorithms, List.copyOf(children));
        }
    }

    private static final class ChildBuilder {
        final String name;
        final int id;
        final int reqid;
        final String state;
        final String mode;
        final String protocol;
        final String algorithms;
        String spiIn;
        String spiOut;
        List<String> localTs = List.of();
        List<String> remoteTs = List.of();

        ChildBuilder(Matcher m) {
            name = m.group(1);
            id = Integer.parseInt(m.group(2));
            reqid = Integer.parseInt(m.group(3));
            state = m.group(4);
            mode = m.group(5).replaceAll(",$", "");
            protocol = m.group(6);
            algorithms = m.group(7);
        }

        ChildSa build() {
            return new ChildSa(name, id, reqid, state, mode, protocol, algorithms, spiIn, spiOut, localTs, remoteTs);
        }
    }
}
