package org.jiked.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One swanctl connection with one child, rendered as swanctl.conf text.
 *
 * <p>Rendered with one {@code key = value} per line, because swanctl.conf values run to the
 * end of their line. Values with characters the parser treats specially are quoted; the
 * pre-shared key is written in hex so that no key can break the syntax.
 */
public final class ConnectionSpec {
    private String name = "t";
    private String childName = "net";
    private String localAddrs;
    private String remoteAddrs;
    private String localId;
    private String remoteId;
    private String psk;
    private String localAuth = "psk";
    private String remoteAuth = "psk";
    private String ikeProposals = "aes256gcm16-prfsha256-x25519";
    private String espProposals = "aes256gcm16";
    private String localTs;
    private String remoteTs;
    private String startAction = "none";
    private Duration ikeRekeyTime;
    private Duration ikeOverTime;
    private Duration childRekeyTime;
    private Duration childLifeTime;
    private Duration dpdDelay;
    private final List<String> extraConn = new ArrayList<>();
    private final List<String> extraLocal = new ArrayList<>();
    private final List<String> extraRemote = new ArrayList<>();
    private final List<String> extraChild = new ArrayList<>();

    public static ConnectionSpec named(String name) {
        return new ConnectionSpec().name(name);
    }

    public ConnectionSpec name(String v) {
        name = word(v);
        return this;
    }

    public ConnectionSpec child(String v) {
        childName = word(v);
        return this;
    }

    public ConnectionSpec localAddrs(String v) {
        localAddrs = v;
        return this;
    }

    public ConnectionSpec remoteAddrs(String v) {
        remoteAddrs = v;
        return this;
    }

    /** Local identity; defaults to the local address. */
    public ConnectionSpec localId(String v) {
        localId = v;
        return this;
    }

    public ConnectionSpec remoteId(String v) {
        remoteId = v;
        return this;
    }

    /** Pre-shared key; also writes the matching {@code secrets} entry. */
    public ConnectionSpec psk(String v) {
        psk = v;
        return this;
    }

    /** Local auth round: {@code psk} (default), {@code pubkey}, ... */
    public ConnectionSpec localAuth(String v) {
        localAuth = v;
        return this;
    }

    public ConnectionSpec remoteAuth(String v) {
        remoteAuth = v;
        return this;
    }

    /** IKE proposals, e.g. {@code aes256gcm16-prfsha256-x25519} (comma-separated for several). */
    public ConnectionSpec ikeProposals(String v) {
        ikeProposals = v;
        return this;
    }

    public ConnectionSpec espProposals(String v) {
        espProposals = v;
        return this;
    }

    /** Local traffic selectors, e.g. {@code 198.51.100.0/24} (comma-separated for several). */
    public ConnectionSpec localTs(String v) {
        localTs = v;
        return this;
    }

    public ConnectionSpec remoteTs(String v) {
        remoteTs = v;
        return this;
    }

    /** {@code none} (default), {@code trap} or {@code start}. */
    public ConnectionSpec startAction(String v) {
        startAction = v;
        return this;
    }

    public ConnectionSpec ikeRekeyTime(Duration v) {
        ikeRekeyTime = v;
        return this;
    }

    /** Hard IKE lifetime beyond rekey_time ({@code over_time}). */
    public ConnectionSpec ikeOverTime(Duration v) {
        ikeOverTime = v;
        return this;
    }

    public ConnectionSpec childRekeyTime(Duration v) {
        childRekeyTime = v;
        return this;
    }

    public ConnectionSpec childLifeTime(Duration v) {
        childLifeTime = v;
        return this;
    }

    public ConnectionSpec dpdDelay(Duration v) {
        dpdDelay = v;
        return this;
    }

    /** Extra raw {@code key = value} line in the connection section (e.g. {@code mobike = no}). */
    public ConnectionSpec connLine(String line) {
        extraConn.add(line);
        return this;
    }

    public ConnectionSpec localLine(String line) {
        extraLocal.add(line);
        return this;
    }

    public ConnectionSpec remoteLine(String line) {
        extraRemote.add(line);
        return this;
    }

    public ConnectionSpec childLine(String line) {
        extraChild.add(line);
        return this;
    }

    public String name() {
        return name;
    }

    public String childName() {
        return childName;
    }

    /** The body for swanctl.conf's {@code connections} section. */
    String renderConnection() {
        Objects.requireNonNull(localAddrs, "localAddrs");
        Objects.requireNonNull(remoteAddrs, "remoteAddrs");
        Objects.requireNonNull(localTs, "localTs");
        Objects.requireNonNull(remoteTs, "remoteTs");
        StringBuilder sb = new StringBuilder();
        sb.append("  ").append(name).append(" {\n");
        kv(sb, 4, "version", "2");
        kv(sb, 4, "local_addrs", localAddrs);
        kv(sb, 4, "remote_addrs", remoteAddrs);
        kv(sb, 4, "proposals", ikeProposals);
        if (ikeRekeyTime != null) {
            kv(sb, 4, "rekey_time", seconds(ikeRekeyTime));
        }
        if (ikeOverTime != null) {
            kv(sb, 4, "over_time", seconds(ikeOverTime));
        }
        if (dpdDelay != null) {
            kv(sb, 4, "dpd_delay", seconds(dpdDelay));
        }
        extraConn.forEach(l -> sb.append("    ").append(l.strip()).append('\n'));
        sb.append("    local {\n");
        kv(sb, 6, "auth", localAuth);
        kv(sb, 6, "id", localId());
        extraLocal.forEach(l -> sb.append("      ").append(l.strip()).append('\n'));
        sb.append("    }\n    remote {\n");
        kv(sb, 6, "auth", remoteAuth);
        kv(sb, 6, "id", remoteId());
        extraRemote.forEach(l -> sb.append("      ").append(l.strip()).append('\n'));
        sb.append("    }\n    children {\n      ").append(childName).append(" {\n");
        kv(sb, 8, "local_ts", localTs);
        kv(sb, 8, "remote_ts", remoteTs);
        kv(sb, 8, "esp_proposals", espProposals);
        kv(sb, 8, "start_action", startAction);
        if (childRekeyTime != null) {
            kv(sb, 8, "rekey_time", seconds(childRekeyTime));
        }
        if (childLifeTime != null) {
            kv(sb, 8, "life_time", seconds(childLifeTime));
        }
        extraChild.forEach(l -> sb.append("        ").append(l.strip()).append('\n'));
        sb.append("      }\n    }\n  }\n");
        return sb.toString();
    }

    /** The body for the {@code secrets} section, or "" without a PSK. */
    String renderSecret() {
        if (psk == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        sb.append("  ike-").append(name).append(" {\n");
        kv(sb, 4, "id-1", localId());
        kv(sb, 4, "id-2", remoteId());
        kv(sb, 4, "secret", "0x" + HexFormat.of().formatHex(psk.getBytes(StandardCharsets.UTF_8)));
        sb.append("  }\n");
        return sb.toString();
    }

    private String localId() {
        return localId != null ? localId : localAddrs;
    }

    private String remoteId() {
        return remoteId != null ? remoteId : remoteAddrs;
    }

    private static void kv(StringBuilder sb, int indent, String key, String value) {
        sb.append(" ".repeat(indent)).append(key).append(" = ").append(quote(value)).append('\n');
    }

    /** Quotes values that the settings parser would otherwise cut or misread. */
    static String quote(String v) {
        if (v.matches("[A-Za-z0-9_.:/@,=+-]*") && !v.isEmpty()) {
            return v;
        }
        return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + "s";
    }

    private static String word(String v) {
        if (!v.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("not a valid section name: " + v);
        }
        return v;
    }
}
