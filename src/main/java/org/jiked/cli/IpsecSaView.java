package org.jiked.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jiked.ike.IkeSaInfo;

/**
 * {@code show security ipsec security-associations [detail]}: one line per direction, {@code <} for
 * inbound and {@code >} for outbound, as Junos prints them.
 */
final class IpsecSaView {
    private IpsecSaView() {}

    static String brief(List<IkeSaInfo> sas) {
        int tunnels = 0;
        for (IkeSaInfo s : sas) {
            tunnels += s.children().size();
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("  Total active tunnels: %d     Total Ipsec sas: %d%n", tunnels, tunnels));
        sb.append(String.format("  %-8s%-26s%-10s%-14s%-4s%-5s%-6s%s%n", "ID", "Algorithm", "SPI", "Life:sec/kb",
                "Mon", "lsys", "Port", "Gateway"));
        for (IkeSaInfo s : sas) {
            int n = 0;
            for (IkeSaInfo.ChildSaInfo c : s.children()) {
                String id = String.valueOf(s.index() * 1000 + (++n));
                String alg = "ESP:" + algorithm(c);
                String life = c.remainingSeconds() + "/ " + (c.lifetimeKilobytes() == 0 ? "unlim" : c.lifetimeKilobytes());
                String gw = s.remote().getAddress().getHostAddress();
                sb.append(String.format("  %-8s%-26s%-10s%-14s%-4s%-5s%-6d%s%n", "<" + id, alg,
                        String.format("%08x", c.inboundSpi()), life, "-", "root", c.monitorPort(), gw));
                sb.append(String.format("  %-8s%-26s%-10s%-14s%-4s%-5s%-6d%s%n", ">" + id, alg,
                        String.format("%08x", c.outboundSpi()), life, "-", "root", c.monitorPort(), gw));
            }
        }
        return sb.toString();
    }

    static String detail(List<IkeSaInfo> sas) {
        StringBuilder sb = new StringBuilder();
        for (IkeSaInfo s : sas) {
            for (IkeSaInfo.ChildSaInfo c : s.children()) {
                sb.append(String.format("  VPN Name: %s%n", c.vpn()));
                sb.append(String.format("    Local Gateway: %s, Remote Gateway: %s%n",
                        s.local().getAddress().getHostAddress(), s.remote().getAddress().getHostAddress()));
                sb.append(String.format("    Traffic Selector: local %s, remote %s%n", c.localSelectors(),
                        c.remoteSelectors()));
                sb.append(String.format("    State: %s, Mode: Tunnel, Type: dynamic, UDP encapsulation: %s%n",
                        c.state(), c.udpEncapsulated() ? "yes" : "no"));
                for (boolean inbound : new boolean[] {true, false}) {
                    sb.append(String.format("    Direction: %s, SPI: %08x, AUX-SPI: 0%n", inbound ? "inbound" : "outbound",
                            inbound ? c.inboundSpi() : c.outboundSpi()));
                    sb.append(String.format("      Hard lifetime: Expires in %d seconds%n", c.remainingSeconds()));
                    sb.append(c.rekeyInSeconds() < 0 ? "      Soft lifetime: none (rekeyed by the peer)\n"
                            : String.format("      Soft lifetime: Expires in %d seconds%n", c.rekeyInSeconds()));
                    sb.append(String.format("      Lifesize Remaining:  %s%n",
                            c.lifetimeKilobytes() == 0 ? "Unlimited" : c.lifetimeKilobytes() + " kilobytes"));
                    sb.append(String.format("      Protocol: ESP, Authentication: %s, Encryption: %s%n",
                            c.integrity(), c.encryption()));
                    sb.append(String.format("      PFS group: %s, ESN: %s%n",
                            c.pfsGroup() == 0 ? "none" : "DH-group-" + c.pfsGroup(), c.esn() ? "enabled" : "disabled"));
                    sb.append(String.format("      Bytes: %d, Packets: %d%n", inbound ? c.inboundBytes() : c.outboundBytes(),
                            inbound ? c.inboundPackets() : c.outboundPackets()));
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    static String json(List<IkeSaInfo> sas) {
        List<Object> list = new ArrayList<>();
        for (IkeSaInfo s : sas) {
            for (IkeSaInfo.ChildSaInfo c : s.children()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("vpn", c.vpn());
                m.put("gateway", s.gateway());
                m.put("ike-index", s.index());
                m.put("remote-address", s.remote().getAddress().getHostAddress());
                m.put("port", c.monitorPort());
                m.put("state", c.state());
                m.put("inbound-spi", String.format("%08x", c.inboundSpi()));
                m.put("outbound-spi", String.format("%08x", c.outboundSpi()));
                m.put("protocol", "ESP");
                m.put("encryption", c.encryption());
                m.put("integrity", c.integrity());
                m.put("pfs-group", c.pfsGroup());
                m.put("esn", c.esn());
                m.put("local-traffic-selector", c.localSelectors());
                m.put("remote-traffic-selector", c.remoteSelectors());
                m.put("lifetime-seconds", c.lifetimeSeconds());
                m.put("remaining-seconds", c.remainingSeconds());
                m.put("rekey-in-seconds", c.rekeyInSeconds());
                m.put("lifetime-kilobytes", c.lifetimeKilobytes());
                m.put("udp-encapsulated", c.udpEncapsulated());
                m.put("inbound-bytes", c.inboundBytes());
                m.put("inbound-packets", c.inboundPackets());
                m.put("outbound-bytes", c.outboundBytes());
                m.put("outbound-packets", c.outboundPackets());
                list.add(m);
            }
        }
        return Json.write(Map.of("ipsec-security-associations", list));
    }

    /** Junos style: aes-gcm-256/None, aes-cbc-128/sha256. */
    static String algorithm(IkeSaInfo.ChildSaInfo c) {
        String enc = c.encryption().replace(" (", "-").replace(" bits)", "");
        String integ = switch (c.integrity()) {
            case "none" -> "None";
            case "hmac-sha1-96" -> "sha1";
            case "hmac-sha256-128" -> "sha256";
            case "hmac-sha384-192" -> "sha384";
            case "hmac-sha512-256" -> "sha512";
            default -> c.integrity();
        };
        return enc + "/" + integ;
    }
}
