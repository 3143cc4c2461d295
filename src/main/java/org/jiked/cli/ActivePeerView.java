package org.jiked.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jiked.ike.IkeSaInfo;

/**
 * {@code show security ike active-peer}: one line per peer with an established IKE SA, its address,
 * port and IKE identity, and how many IPsec SAs it holds.
 */
final class ActivePeerView {
    private ActivePeerView() {}

    static String text(List<IkeSaInfo> sas) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-40s%-7s%-40s%-10s%s%n", "Remote Address", "Port", "Peer IKE-ID", "Gateway",
                "IPsec SAs"));
        int n = 0;
        for (IkeSaInfo s : sas) {
            if (!s.state().equals("UP")) {
                continue;
            }
            n++;
            sb.append(String.format("%-40s%-7d%-40s%-10s%d%n", s.remote().getAddress().getHostAddress(),
                    s.remote().getPort(), s.remoteIdentity(), s.gateway(), s.children().size()));
        }
        sb.append(String.format("%nTotal active peers: %d%n", n));
        return sb.toString();
    }

    static String json(List<IkeSaInfo> sas) {
        List<Object> peers = new ArrayList<>();
        for (IkeSaInfo s : sas) {
            if (!s.state().equals("UP")) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("remote-address", s.remote().getAddress().getHostAddress());
            m.put("port", s.remote().getPort());
            m.put("peer-ike-id", s.remoteIdentity());
            m.put("gateway", s.gateway());
            m.put("ike-index", s.index());
            m.put("ipsec-sa-count", s.children().size());
            peers.add(m);
        }
        return Json.write(Map.of("ike-active-peers", peers));
    }
}
