package org.jiked.daemon;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jiked.child.ChildSa;
import org.jiked.child.TrafficSelector;
import org.jiked.config.SecurityConfig;
import org.jiked.config.model.DfBit;
import org.jiked.config.model.EstablishTunnels;
import org.jiked.config.model.IpPrefix;
import org.jiked.config.model.IpsecVpn;
import org.jiked.config.model.St0Unit;
import org.jiked.config.model.StaticRoute;
import org.jiked.esp.EspPump;
import org.jiked.esp.EspSa;
import org.jiked.esp.EspStatistics;
import org.jiked.esp.EspTransform;
import org.jiked.esp.EspTunnel;
import org.jiked.esp.OuterDf;
import org.jiked.esp.PacketSelector;
import org.jiked.esp.SecurityAssociationDatabase;
import org.jiked.ike.EngineContext;
import org.jiked.os.RawIpSocket;
import org.jiked.os.Tun;

/**
 * The daemon's ESP data plane: one TUN device per {@code interfaces st0 unit N} (named
 * {@code st0.N}), the routes of {@code routing-options static}, and the CHILD_SAs of route-based
 * VPNs installed into the {@link SecurityAssociationDatabase} as the engine reports them. The
 * packets themselves move on the {@link EspPump}'s threads.
 *
 * <p>{@link #installed} and {@link #removed} run on the IKE engines' threads, several at once
 * when the daemon runs several engines, hence the locks; a CHILD_SA of a VPN without
 * {@code bind-interface} has nowhere to take its traffic from and is left out.
 */
final class Dataplane implements EngineContext.ChildSaListener, AutoCloseable {
    /** The outer path MTU assumed for the TUN MTU (Ethernet). */
    static final int OUTER_MTU = 1500;
    /** MTU of a unit before any SA says how much the transform takes (AES-CBC/HMAC-SHA-512 over UDP). */
    static final int DEFAULT_MTU = 1400;

    /** Checksum offload and TCP and UDP segmentation offload, as far as the kernel has them. */
    static final int TUN_OFFLOADS = Tun.TUN_F_CSUM | Tun.TUN_F_TSO4 | Tun.TUN_F_TSO6 | Tun.TUN_F_USO4 | Tun.TUN_F_USO6;
    /** {@code -Djiked.tun.offloads=false} opens the st0 devices without offloads (one packet per read and write). */
    static final boolean OFFLOADS = !"false".equals(System.getProperty("jiked.tun.offloads"));

    /** IP protocol number of ESP (RFC 4303 section 2). */
    static final int IPPROTO_ESP = 50;

    private final SecurityConfig config;
    private final SecurityAssociationDatabase sad = new SecurityAssociationDatabase();
    private final EspStatistics stats = new EspStatistics();
    private final EspPump pump;
    private final Map<Integer, Tun> tuns = new HashMap<>();
    private final Map<Integer, Integer> mtus = new HashMap<>();
    private final Map<ChildSa, EspTunnel> tunnels = new HashMap<>();
    private final EngineContext.EngineLog log;
    private long order;

    /**
     * @param ike where IKE datagrams arriving on port 4500 go
     * @param acquire asks the engine (on its thread) to negotiate with the named gateway
     */
    Dataplane(SecurityConfig config, EspPump.IkeHandoff ike, Consumer<String> acquire, EngineContext.EngineLog log) {
        this.config = config;
        this.log = log;
        this.pump = new EspPump(sad, stats, ike, trap -> acquire.accept((String) trap.key()));
    }

    /** Opens the st0 units, addresses them, brings them up and installs the static routes. */
    void start() throws IOException {
        for (St0Unit u : config.st0Units().values()) {
            // offloads: the kernel hands over TCP super-packets, which the pump cuts to the MTU
            Tun tun = OFFLOADS ? Tun.openWithOffloads(u.interfaceName(), TUN_OFFLOADS) : Tun.open(u.interfaceName());
            tuns.put(u.unit(), tun);
            int mtu = u.mtu() > 0 ? u.mtu() : DEFAULT_MTU;
            mtus.put(u.unit(), mtu);
            tun.up(mtu);
            for (String a : u.inetAddresses()) {
                tun.addAddress(a);
            }
            for (String a : u.inet6Addresses()) {
                tun.addAddress(a);
            }
            pump.attach(u.unit(), tun);
            log.log("info", "interface " + tun.name() + " up" + (tun.offloads() != 0
                    ? ", offloads 0x" + Integer.toHexString(tun.offloads()) : ", no offloads"));
        }
        for (StaticRoute r : config.staticRoutes()) {
            tuns.get(r.st0Unit()).addRoute(r.destination().toString());
        }
        sad.traps(traps());
    }

    /**
     * Takes over a port-4500 socket: the pump receives on it and sends the ESP of SAs from its
     * address. A raw ESP socket (IP protocol 50) is opened on the same address for SAs that are not
     * UDP-encapsulated; without one (no CAP_NET_RAW) only encapsulated SAs carry traffic.
     */
    void receiveOn(InetSocketAddress local, DatagramChannel socket) {
        // Linux sets DF on UDP by default; Junos clears it unless df-bit says otherwise. The pump
        // switches the option per packet when an SA's df-bit wants DF (EspPump, UdpEspSocket).
        try {
            socket.setOption(jdk.net.ExtendedSocketOptions.IP_DONTFRAGMENT, false);
        } catch (IOException | UnsupportedOperationException e) {
            log.log("warning", "cannot set the DF policy on " + local + ": " + e.getMessage());
        }
        pump.receiveOn(local, socket);
        try {
            RawIpSocket raw = RawIpSocket.open(local.getAddress(), IPPROTO_ESP);
            raw.dontFragment(false);
            RawIpSocket rawDf = null;
            // a second socket for the packets that leave with DF, only when some VPN may want it
            if (config.vpns().stream().anyMatch(v -> v.dfBit() != DfBit.CLEAR)) {
                rawDf = RawIpSocket.open(local.getAddress(), IPPROTO_ESP);
                rawDf.dontFragment(true);
                rawDf.sendOnly();
            }
            pump.receiveRawOn(raw, rawDf);
        } catch (IOException e) {
            log.log("warning", "no raw ESP on " + local.getAddress().getHostAddress() + ": " + e.getMessage());
        }
    }

    static OuterDf outerDf(DfBit d) {
        return switch (d) {
            case CLEAR -> OuterDf.CLEAR;
            case SET -> OuterDf.SET;
            case COPY -> OuterDf.COPY;
        };
    }

    /** The traps of on-traffic, route-based VPNs: their first packet starts the negotiation. */
    private List<SecurityAssociationDatabase.Trap> traps() {
        List<SecurityAssociationDatabase.Trap> out = new ArrayList<>();
        for (IpsecVpn v : config.vpns()) {
            if (!v.routeBased() || v.establishTunnels() != EstablishTunnels.ON_TRAFFIC) {
                continue;
            }
            List<PacketSelector> local = new ArrayList<>();
            List<PacketSelector> remote = new ArrayList<>();
            if (v.trafficSelectors().isEmpty()) {
                local.add(PacketSelector.any(false));
                remote.add(PacketSelector.any(false));
            }
            for (var ts : v.trafficSelectors()) {
                local.add(selector(ts.localIp()));
                remote.add(selector(ts.remoteIp()));
            }
            out.add(new SecurityAssociationDatabase.Trap(v.gateway().name(), local, remote, v.bindInterface()));
        }
        return out;
    }

    @Override
    public synchronized void installed(ChildSa c) {
        IpsecVpn vpn = vpnOf(c.name());
        if (vpn == null || !vpn.routeBased()) {
            return;
        }
        EspTransform t = new EspTransform(c.encryptionId(), c.encryptionKeyBits(), c.integrityId());
        EspSa in = EspSa.inbound(c.inboundSpi(), t, c.esn(), c.inboundEncryptionKey(), c.inboundIntegrityKey(),
                vpn.replayWindowSize(), c.inboundBytes, c.inboundPackets);
        EspSa out = EspSa.outbound(c.outboundSpi(), t, c.esn(), c.outboundEncryptionKey(), c.outboundIntegrityKey(),
                c.outboundBytes, c.outboundPackets);
        // RFC 3948: encapsulated ESP always travels between the peers' port 4500
        InetSocketAddress local = new InetSocketAddress(c.local().getAddress(), 4500);
        InetSocketAddress peer = c.remote().getPort() == 500
                ? new InetSocketAddress(c.remote().getAddress(), 4500) : c.remote();
        EspTunnel tunnel = new EspTunnel(c.name(), in, out, selectors(c.localSelectors()),
                selectors(c.remoteSelectors()), local, peer, c.udpEncapsulated(), vpn.bindInterface(), ++order,
                outerDf(vpn.dfBit()));
        if (c.outboundAfter() != null) {
            sad.installInbound(tunnel);
        } else {
            sad.install(tunnel);
        }
        tunnels.put(c, tunnel);
        int mtu = t.innerMtu(OUTER_MTU, peer.getAddress().getAddress().length == 16, c.udpEncapsulated());
        Tun tun = tuns.get(vpn.bindInterface());
        St0Unit unit = config.st0Units().get(vpn.bindInterface());
        if (unit != null && unit.mtu() > 0) {
            mtu = unit.mtu(); // configured: larger packets leave as outer IP fragments
        } else if (tun != null && !Integer.valueOf(mtu).equals(mtus.get(vpn.bindInterface()))) {
            mtus.put(vpn.bindInterface(), mtu);
            tun.mtu(mtu);
        }
        log.log("info", "ESP " + tunnel + " " + t + " on " + (tun == null ? "no interface" : tun.name()) + ", MTU " + mtu);
    }

    @Override
    public synchronized void outboundReady(ChildSa c) {
        EspTunnel t = tunnels.get(c);
        if (t != null) {
            sad.installOutbound(t);
        }
    }

    @Override
    public void removed(ChildSa c) {
        EspTunnel t;
        synchronized (this) {
            t = tunnels.remove(c);
            if (t != null) {
                sad.remove(t);
            }
        }
        if (t != null) {
            // the engine answers the peer's Delete next: packets sealed with this SA go out first
            pump.awaitSendsInFlight(SEND_DRAIN_MILLIS);
        }
    }

    /** Bound on waiting for the pump when an SA goes: a burst of 64 packets takes well under that. */
    private static final long SEND_DRAIN_MILLIS = 50;

    Map<String, Long> statistics() {
        return stats.snapshot();
    }

    /** CHILD_SA names are the VPN's, or {@code VPN:TS} for a VPN with several traffic selectors. */
    private IpsecVpn vpnOf(String childName) {
        int colon = childName.indexOf(':');
        return config.vpn(colon < 0 ? childName : childName.substring(0, colon));
    }

    private static List<PacketSelector> selectors(List<TrafficSelector> list) {
        return list.stream().map(s -> new PacketSelector(s.ipProtocol(), s.startPort(), s.endPort(),
                s.startAddress(), s.endAddress())).toList();
    }

    private static PacketSelector selector(IpPrefix p) {
        TrafficSelector ts = TrafficSelector.ofPrefix(p.address(), p.length());
        return new PacketSelector(0, 0, 65535, ts.startAddress(), ts.endAddress());
    }

    @Override
    public void close() {
        pump.close();
    }
}
