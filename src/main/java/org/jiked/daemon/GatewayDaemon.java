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
import java.util.concurrent.TimeUnit;
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
 * the st0 TUN devices and the control socket, runs the engine on one event-loop thread and the
 * ESP data plane on threads of its own, and on SIGTERM deletes its SAs with INFORMATIONAL Delete
 * before it exits.
 */
public final class GatewayDaemon implements GatewayOperations {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final SecurityConfig config;
    private final IkeEngine engine;
    private final EventLoop loop;
    private final UdpEndpoints endpoints;
    private final Dataplane dataplane;
    private final PkiStore pki;

    private GatewayDaemon(SecurityConfig config, List<PeerConfig> peers, PkiStore pki, int ikePort, int natTPort)
            throws IOException {
        this.config = config;
        this.pki = pki;
        this.endpoints = new UdpEndpoints(ikePort, natTPort);
        // IKE that arrives on port 4500 is read by the data plane's thread and handed to the loop
        this.dataplane = new Dataplane(config, this::ikeFromNatT, this::acquire, GatewayDaemon::log);
        EngineContext ctx = new EngineContext(() -> System.nanoTime() / 1_000_000, System::currentTimeMillis,
                new SecureRandom(), endpoints, dataplane, GatewayDaemon::log);
        this.engine = new IkeEngine(ctx, peers, EngineConfigs.session(config.ikeSession()));
        EngineConfigs.connectionsLimits(config).forEach(engine::connectionsLimit);
        this.loop = new EventLoop(100, engine::tick);
        dataplane.start();
        Set<InetAddress> locals = new LinkedHashSet<>();
        for (PeerConfig p : peers) {
            locals.add(p.localAddress());
        }
        UdpEndpoints.Receiver receiver = new UdpEndpoints.Receiver() {
            @Override
            public void ike(java.net.InetSocketAddress local, java.net.InetSocketAddress remote, byte[] datagram) {
                engine.receive(local, remote, datagram);
            }

            @Override
            public void esp(java.net.InetSocketAddress local, java.net.InetSocketAddress remote, ByteBuffer packet) {
                // port 4500 belongs to the data plane, so no ESP reaches the loop
            }
        };
        for (InetAddress a : locals) {
            endpoints.bind(a, loop, receiver, dataplane::receiveOn);
        }
    }

    private void ikeFromNatT(java.net.InetSocketAddress local, java.net.InetSocketAddress remote, byte[] datagram) {
        loop.execute(() -> engine.receive(local, remote, datagram));
    }

    private void acquire(String peer) {
        loop.execute(() -> engine.acquire(peer));
    }

    static void log(String level, String message) {
        System.err.println(LocalTime.now().format(TIME) + " " + level + " " + message);
    }

    /** Runs a daemon until SIGTERM or SIGINT; returns the exit code. */
    public static int run(Path configFile, Path control) {
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
            daemon = new GatewayDaemon(config, peers, pki, 500, 4500);
            OperationalCommands commands = new OperationalCommands(daemon);
            server = new ControlServer(control, line -> daemon.execute(commands, line));
            server.start();
        } catch (IOException e) {
            System.err.println("jiked: cannot start: " + e.getMessage());
            return 1;
        }
        Thread stopper = new Thread(() -> {
            log("info", "shutting down: deleting SAs");
            try {
                daemon.loop.call(() -> {
                    daemon.engine.shutdown();
                    return null;
                }).get(3, TimeUnit.SECONDS);
            } catch (Exception e) {
                log("warning", "shutdown: " + e);
            }
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
        daemon.loop.execute(daemon.engine::start);
        log("info", "jiked running with " + config.ikeGateways().size() + " gateway(s), control socket " + control);
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

    private <T> T onLoop(java.util.concurrent.Callable<T> task) {
        try {
            return loop.call(task).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("engine did not answer: " + e, e);
        }
    }

    @Override
    public List<IkeSaInfo> ikeSas() {
        return onLoop(engine::ikeSas);
    }

    @Override
    public Map<String, Long> ikeStats() {
        return onLoop(engine::statsSnapshot);
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
        return onLoop(() -> engine.clearIkeSas(peer));
    }

    @Override
    public PkiStore pki() {
        return pki;
    }

    @Override
    public List<org.jiked.ike.PeerStatus> ikePeers(String kind) {
        return onLoop(() -> engine.peers(kind));
    }

    @Override
    public List<org.jiked.ike.FailedPeer> ikeFailedPeers() {
        return onLoop(engine::failedPeers);
    }

    @Override
    public int clearIkeFailedPeers() {
        return onLoop(engine::clearFailedPeers);
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
        return onLoop(engine::clearBackoffs);
    }

    @Override
    public int clearIpsecSas() {
        return onLoop(engine::clearChildSas);
    }
}
