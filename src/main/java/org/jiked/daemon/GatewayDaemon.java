package org.jiked.daemon;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jiked.cli.GatewayOperations;
import org.jiked.pki.PkiStore;
import org.jiked.cli.OperationalCommands;
import org.jiked.config.ConfigException;
import org.jiked.config.SecurityConfig;
import org.jiked.config.parse.ConfigRenderer;
import org.jiked.control.ControlResponse;
import org.jiked.control.ControlServer;
import org.jiked.ike.EngineContext;
import org.jiked.ike.IkeEngine;
import org.jiked.ike.IkeSaInfo;
import org.jiked.ike.PeerConfig;

/**
 * {@code jiked daemon}: one gateway process. It reads the configuration, opens the IKE sockets,
 * the st0 TUN devices and the control socket, runs the IKE engines on threads of their own
 * ({@link IkeShards}: one per core unless {@code --ike-threads} says otherwise), the ESP data
 * plane on threads of its own, and on SIGTERM deletes its SAs with INFORMATIONAL Delete before it
 * exits. With several engines a thread per UDP 500 socket ({@code ike-rx-500}) only receives and
 * hands each message to its engine, so a busy engine never holds up the receive path.
 */
public final class GatewayDaemon implements GatewayOperations {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final SecurityConfig config;
    private final IkeShards shards;
    /** With one IKE thread that thread's loop, which receives on port 500 too; else the main thread's idle wait. */
    private final EventLoop loop;
    private final UdpEndpoints endpoints;
    private final Dataplane dataplane;
    private final PkiStore pki;

    private GatewayDaemon(SecurityConfig config, List<PeerConfig> peers, PkiStore pki, int ikePort, int natTPort,
                          int ikeThreads) throws IOException {
        this.config = config;
        this.pki = pki;
        this.endpoints = new UdpEndpoints(ikePort, natTPort);
        // IKE that arrives on port 4500 is read by the data plane's thread and handed to its engine
        this.dataplane = new Dataplane(config, this::ikeFromNatT, this::acquire, GatewayDaemon::log);
        this.shards = new IkeShards(ikeThreads, peers, EngineConfigs.session(config.ikeSession()),
                EngineConfigs.connectionsLimits(config), i -> new EngineContext(() -> System.nanoTime() / 1_000_000,
                        System::currentTimeMillis, engineRandom(), endpoints, dataplane, GatewayDaemon::log));
        EventLoop engineLoop = shards.receiveLoop();
        this.loop = engineLoop != null ? engineLoop : new EventLoop(1_000, () -> { }, false);
        dataplane.start();
        Set<InetAddress> locals = new LinkedHashSet<>();
        for (PeerConfig p : peers) {
            locals.add(p.localAddress());
        }
        UdpEndpoints.Receiver receiver = new UdpEndpoints.Receiver() {
            @Override
            public void ike(java.net.InetSocketAddress local, java.net.InetSocketAddress remote, byte[] datagram) {
                shards.receive(local, remote, datagram);
            }

            @Override
            public void esp(java.net.InetSocketAddress local, java.net.InetSocketAddress remote, ByteBuffer packet) {
                // port 4500 belongs to the data plane, so no ESP reaches the loop
            }
        };
        for (InetAddress a : locals) {
            // several engines: a receive thread per socket hands each message over; one: its loop receives
            endpoints.bind(a, engineLoop != null ? loop : null, receiver, dataplane::receiveOn);
        }
    }

    private void ikeFromNatT(java.net.InetSocketAddress local, java.net.InetSocketAddress remote, byte[] datagram) {
        shards.receive(local, remote, datagram);
    }

    private void acquire(String peer) {
        shards.acquire(peer);
    }

    /**
     * Each engine's own generator: the default (NativePRNG) instances all share one lock and one
     * mixing generator, which every SPI, nonce and key of every engine would take in turn.
     */
    private static SecureRandom engineRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    static void log(String level, String message) {
        System.err.println(LocalTime.now().format(TIME) + " " + level + " " + message);
    }

    /** Runs a daemon until SIGTERM or SIGINT; returns the exit code. */
    public static int run(Path configFile, Path control, int ikeThreads) {
        SecurityConfig config;
        try {
            config = SecurityConfig.load(configFile);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 1;
        } catch (IOException e) {
            System.err.println("jiked: cannot read " + configFile + ": " + e.getMessage());
            return 1;
        }
        GatewayDaemon daemon;
        ControlServer server;
        try {
            PkiStore pki = EngineConfigs.pki(config);
            List<PeerConfig> peers = EngineConfigs.peers(config, gw -> gw.localAddress() != null
                    ? gw.localAddress() : UdpEndpoints.sourceAddressFor(gw.addresses().getFirst()), pki);
            daemon = new GatewayDaemon(config, peers, pki, 500, 4500, ikeThreads);
            OperationalCommands commands = new OperationalCommands(daemon);
            server = new ControlServer(control, line -> daemon.execute(commands, line));
            server.start();
        } catch (IOException e) {
            System.err.println("jiked: cannot start: " + e.getMessage());
            return 1;
        }
        Thread stopper = new Thread(() -> {
            log("info", "shutting down: deleting SAs");
            daemon.shards.shutdown(3);
            daemon.loop.stop();
            try {
                daemon.loop.join();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            server.close();
            daemon.dataplane.close();
            daemon.endpoints.close();
        });
        Runtime.getRuntime().addShutdownHook(stopper);
        daemon.shards.start();
        log("info", "jiked running with " + config.ikeGateways().size() + " gateway(s), " + daemon.shards.size()
                + " IKE thread(s), control socket " + control);
        daemon.loop.run();
        return 0;
    }

    private ControlResponse execute(OperationalCommands commands, String line) {
        try {
            OperationalCommands.Result r = commands.execute(line);
            return r.ok() ? ControlResponse.ok(r.body()) : ControlResponse.error(r.body());
        } catch (RuntimeException e) {
            return ControlResponse.error("error: " + e + "\n");
        }
    }

    @Override
    public List<IkeSaInfo> ikeSas() {
        return shards.ikeSas();
    }

    @Override
    public Map<String, Long> ikeStats() {
        return shards.stats();
    }

    @Override
    public Map<String, Long> ipsecStatistics() {
        return dataplane.statistics();
    }

    @Override
    public String configuration(boolean setForm) {
        return setForm ? ConfigRenderer.displaySet(config.tree()) : ConfigRenderer.showConfiguration(config.tree());
    }

    @Override
    public int clearIkeSas(InetAddress peer) {
        return shards.clear(e -> e.clearIkeSas(peer));
    }

    @Override
    public PkiStore pki() {
        return pki;
    }

    @Override
    public List<org.jiked.ike.PeerStatus> ikePeers(String kind) {
        return shards.peers(kind);
    }

    @Override
    public List<org.jiked.ike.FailedPeer> ikeFailedPeers() {
        return shards.failedPeers();
    }

    @Override
    public int clearIkeFailedPeers() {
        return shards.clear(IkeEngine::clearFailedPeers);
    }

    @Override
    public String seededPreSharedKey(String ikePolicy, String userId) {
        var policy = config.ikePolicies().get(ikePolicy);
        if (policy == null) {
            throw new IllegalArgumentException("IKE policy " + ikePolicy + " is not configured");
        }
        if (policy.seededPreSharedKey() == null) {
            throw new IllegalArgumentException("IKE policy " + ikePolicy + " has no seeded-pre-shared-key");
        }
        return org.jiked.ike.SeededPreSharedKey.text(policy.seededPreSharedKey(), userId);
    }

    @Override
    public int clearIkePeerBackoffs() {
        return shards.clear(IkeEngine::clearBackoffs);
    }

    @Override
    public int clearIpsecSas() {
        return shards.clear(IkeEngine::clearChildSas);
    }
}
