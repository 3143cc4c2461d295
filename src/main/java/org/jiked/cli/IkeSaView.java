package org.jiked.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jiked.ike.IkeSaInfo;

/** {@code show security ike security-associations [detail]}, with the columns Junos prints. */
final class IkeSaView {
    private IkeSaView() {}

    static String brief(List<IkeSaInfo> sas) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-8s%-7s%-18s%-18s%-15s%s%n", "Index", "State", "Initiator cookie",
                "Responder cookie", "Mode", "Remote Address"));
        for (IkeSaInfo s : sas) {
            sb.append(String.format("%-8d%-7s%-18s%-18s%-15s%s%n", s.index(), s.state(), hex(s.initiatorSpi()),
                    hex(s.responderSpi()), "IKEv2", s.remote().getAddress().getHostAddress()));
        }
        return sb.toString();
    }

    static String detail(List<IkeSaInfo> sas) {
        StringBuilder sb = new StringBuilder();
        for (IkeSaInfo s : sas) {
            sb.append(String.format("IKE peer %s, Index %d, Gateway Name: %s%n",
                    s.remote().getAddress().getHostAddress(), s.index(), s.gateway()));
            sb.append(String.format("  Role: %s, State: %s%n", s.initiator() ? "Initiator" : "Responder", s.state()));
            sb.append(String.format("  Initiator cookie: %s, Responder cookie: %s%n", hex(s.initiatorSpi()),
                    hex(s.responderSpi())));
            sb.append("  Exchange type: IKEv2, Authentication method: Pre-shared-keys\n");
            sb.append(String.format("  Local: %s, Remote: %s%n", endpoint(s.local()), endpoint(s.remote())));
            sb.append(String.format("  Lifetime: Expires in %d seconds%n", s.remainingSeconds()));
            sb.append(s.rekeyInSeconds() < 0 ? "  Rekey: not initiated by this side\n"
                    : String.format("  Rekey: in %d seconds%n", s.rekeyInSeconds()));
            sb.append(s.reauthFrequency() == 0 ? "  Reauth Lifetime: Disabled\n"
                    : String.format("  Reauth Lifetime: after %d rekeys, %d done%n", s.reauthFrequency(),
                            s.rekeysSinceAuth()));
            sb.append(String.format("  IKE Fragmentation: %s%n", s.fragmentation() ? "Enabled" : "Disabled"));
            sb.append(String.format("  Dead peer detection: %s%n", s.deadPeerDetection()));
            sb.append(String.format("  Retransmission: %s%n", s.retransmission()));
            if (s.establishedWallMillis() > 0) {
                sb.append(String.format("  Established: %s%n", Instant.ofEpochMilli(s.establishedWallMillis())));
            }
            sb.append(String.format("  Peer ike-id: %s%n", s.remoteIdentity()));
            sb.append(String.format("  Local ike-id: %s%n", s.localIdentity()));
            sb.append(String.format("  NAT traversal: %s%n", s.natDetected() ? "NAT detected, port 4500" : "no NAT"));
            sb.append("  Algorithms:\n");
            sb.append(String.format("   Authentication        : %s%n", s.integrity()));
            sb.append(String.format("   Encryption            : %s%n", s.encryption()));
            sb.append(String.format("   Pseudo random function: %s%n", s.prf()));
            sb.append(String.format("   Diffie-Hellman group  : DH-group-%d%n", s.dhGroup()));
            sb.append(String.format("  Message IDs: next request %d, expected peer request %d%n", s.nextRequestId(),
                    s.expectedPeerRequestId()));
            sb.append(String.format("  IPSec security associations: %d active%n", s.children().size()));
            sb.append('\n');
        }
        return sb.toString();
    }

    static String json(List<IkeSaInfo> sas) {
        List<Object> list = new ArrayList<>();
        for (IkeSaInfo s : sas) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", s.index());
            m.put("gateway", s.gateway());
            m.put("state", s.state());
            m.put("role", s.initiator() ? "initiator" : "responder");
            m.put("initiator-cookie", hex(s.initiatorSpi()));
            m.put("responder-cookie", hex(s.responderSpi()));
            m.put("mode", "IKEv2");
            m.put("local-address", s.local().getAddress().getHostAddress());
            m.put("local-port", s.local().getPort());
            m.put("remote-address", s.remote().getAddress().getHostAddress());
            m.put("remote-port", s.remote().getPort());
            m.put("local-identity", s.localIdentity());
            m.put("remote-identity", s.remoteIdentity());
            m.put("encryption", s.encryption());
            m.put("prf", s.prf());
            m.put("integrity", s.integrity());
            m.put("dh-group", s.dhGroup());
            m.put("lifetime-seconds", s.lifetimeSeconds());
            m.put("remaining-seconds", s.remainingSeconds());
            m.put("rekey-in-seconds", s.rekeyInSeconds());
            m.put("rekeys-since-authentication", s.rekeysSinceAuth());
            m.put("reauth-frequency", s.reauthFrequency());
            m.put("fragmentation", s.fragmentation());
            m.put("dead-peer-detection", s.deadPeerDetection());
            m.put("retransmission", s.retransmission());
            m.put("nat-detected", s.natDetected());
            m.put("ipsec-sa-count", s.children().size());
            list.add(m);
        }
        return Json.write(Map.of("ike-security-associations", list));
    }

    static String hex(long spi) {
        return String.format("%016x", spi);
    }

    static String endpoint(java.net.InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
