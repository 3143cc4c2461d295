package org.jiked.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jiked.ike.FailedPeer;

/**
 * {@code show security ike peers failed}: the last failed negotiations, newest first, with the
 * peer's address and port, the IKE ID it presented (when it got that far), the gateway, where
 * and why it failed, and when.
 */
final class FailedPeerView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private FailedPeerView() {}

    static String text(List<FailedPeer> failed) {
        StringBuilder sb = new StringBuilder(String.format("%-40s%-7s%-32s%-12s%-12s%-24s%s%n", "Remote Address",
                "Port", "IKE-ID", "Gateway", "Phase", "Failure Reason", "Time (UTC)"));
        for (FailedPeer f : failed) {
            sb.append(String.format("%-40s%-7d%-32s%-12s%-12s%-24s%s%n", f.address(), f.port(),
                    f.ikeId().isEmpty() ? "-" : f.ikeId(), f.gateway(), f.phase(), f.reason(),
                    TIME.format(Instant.ofEpochMilli(f.wallMillis()))));
            sb.append("  ").append(f.detail()).append('\n');
        }
        sb.append(String.format("%nTotal failed peers: %d%n", failed.size()));
        return sb.toString();
    }

    static String json(List<FailedPeer> failed) {
        List<Object> out = new ArrayList<>();
        for (FailedPeer f : failed) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("remote-address", f.address());
            m.put("port", f.port());
            m.put("peer-ike-id", f.ikeId());
            m.put("gateway", f.gateway());
            m.put("role", f.role());
            m.put("phase", f.phase());
            m.put("failure-reason", f.reason());
            m.put("detail", f.detail());
            m.put("time", Instant.ofEpochMilli(f.wallMillis()).toString());
            out.add(m);
        }
        return Json.write(Map.of("ike-failed-peers", out));
    }
}
