package org.jiked.daemon;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jiked.child.TrafficSelector;
import org.jiked.config.SecurityConfig;
import org.jiked.config.model.DeadPeerDetection;
import org.jiked.config.model.EncryptionAlgorithm;
import org.jiked.config.model.IkeGateway;
import org.jiked.config.model.IkeProposal;
import org.jiked.config.model.IkeSession;
import org.jiked.config.model.IpPrefix;
import org.jiked.config.model.IpsecPolicy;
import org.jiked.config.model.IpsecProposal;
import org.jiked.config.model.IpsecVpn;
import org.jiked.ike.ChildConfig;
import org.jiked.ike.ChildProposalSpec;
import org.jiked.ike.DpdSettings;
import org.jiked.ike.Fragmentation;
import org.jiked.ike.Identity;
import org.jiked.ike.IkeProposalSpec;
import org.jiked.ike.PeerConfig;
import org.jiked.ike.RetransmitSettings;
import org.jiked.ike.SessionSettings;
import org.jiked.wire.TransformType;

/**
 * Turns the Junos-style configuration into the engine's peer records: one {@link PeerConfig} per
 * {@code security ike gateway}, with one CHILD_SA per traffic selector of each {@code security
 * ipsec vpn} that uses the gateway (Junos negotiates a pair of IPsec SAs per traffic selector).
 */
final class EngineConfigs {
    private EngineConfigs() {}

    /** A gateway's local address, chosen by the kernel's route to the peer when not configured. */
    interface LocalAddressResolver {
        InetAddress resolve(IkeGateway gateway) throws IOException;
    }

    static List<PeerConfig> peers(SecurityConfig config, LocalAddressResolver resolver) throws IOException {
        Map<String, List<ChildConfig>> childrenByGateway = new LinkedHashMap<>();
        for (IpsecVpn vpn : config.vpns()) {
            childrenByGateway.computeIfAbsent(vpn.gateway().name(), k -> new ArrayList<>()).addAll(children(vpn));
        }
        List<PeerConfig> out = new ArrayList<>();
        for (IkeGateway gw : config.ikeGateways().values()) {
            InetAddress local = resolver.resolve(gw);
            List<IkeProposalSpec> proposals = gw.policy().proposals().stream().map(EngineConfigs::ike).toList();
            long lifetime = gw.policy().proposals().stream().mapToLong(IkeProposal::lifetimeSeconds).min().orElse(28800);
            Identity localId = gw.localIdentity() == null ? null
                    : new Identity(gw.localIdentity().idType(), gw.localIdentity().data());
            // a dynamic gateway matches its peers by ID; general-ikeid (null) takes any the key authenticates
            var remote = gw.isDynamic() ? gw.dynamic().remoteIdentity()
                    : gw.effectiveRemoteIdentity(gw.addresses().getFirst());
            Identity remoteId = remote == null ? null : new Identity(remote.idType(), remote.data());
            out.add(new PeerConfig(gw.name(), gw.addresses(), local, proposals, gw.policy().preSharedKey(), localId,
                    remoteId, lifetime, childrenByGateway.getOrDefault(gw.name(), List.of()),
                    RetransmitSettings.DEFAULT, dpd(gw.deadPeerDetection()),
                    new Fragmentation(gw.fragmentationEnabled(), gw.fragmentSize())));
        }
        return out;
    }

    /** {@code dynamic connections-limit} of each gateway that sets one. */
    static Map<String, Integer> connectionsLimits(SecurityConfig config) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (IkeGateway gw : config.ikeGateways().values()) {
            if (gw.isDynamic() && gw.dynamic().connectionsLimit() > 0) {
                out.put(gw.name(), gw.dynamic().connectionsLimit());
            }
        }
        return out;
    }

    /** {@code security ike session} for the engine. */
    static SessionSettings session(IkeSession s) {
        return new SessionSettings(s.halfOpenTimeout() * 1000L, s.maxCount(), s.sendCookie(), s.reduceTimeout(),
                s.reducedTimeout() * 1000L, s.discardDuplicate(), s.initPhaseFailureBackoff() * 1000L,
                s.authPhaseFailureBackoff() * 1000L,
                new SessionSettings.ExchangeRates(s.ikeRekeyRate(), s.ipsecRekeyRate(), s.keepaliveRate()));
    }

    static DpdSettings dpd(DeadPeerDetection d) {
        if (d == null) {
            return DpdSettings.OFF;
        }
        DpdSettings.Mode mode = switch (d.mode()) {
            case OPTIMIZED -> DpdSettings.Mode.OPTIMIZED;
            case PROBE_IDLE_TUNNEL -> DpdSettings.Mode.PROBE_IDLE_TUNNEL;
            case ALWAYS_SEND -> DpdSettings.Mode.ALWAYS_SEND;
        };
        return new DpdSettings(mode, d.intervalSeconds() * 1000L, d.threshold());
    }

    static IkeProposalSpec ike(IkeProposal p) {
        EncryptionAlgorithm e = p.encryptionAlgorithm();
        return new IkeProposalSpec(e.transformId(), e.keyLengthAttribute(), p.prfTransformId(),
                e.aead() ? TransformType.AUTH_NONE : p.integrityTransformId(), p.dhGroup().transformId());
    }

    static ChildProposalSpec esp(IpsecProposal p, IpsecPolicy policy) {
        EncryptionAlgorithm e = p.encryptionAlgorithm();
        int pfs = policy.pfsGroup() == null ? 0 : policy.pfsGroup().transformId();
        return new ChildProposalSpec(e.transformId(), e.keyLengthAttribute(),
                e.aead() ? TransformType.AUTH_NONE : p.integrityTransformId(), pfs, false);
    }

    private static List<ChildConfig> children(IpsecVpn vpn) {
        IpsecPolicy policy = vpn.policy();
        List<ChildProposalSpec> proposals = policy.proposals().stream().map(p -> esp(p, policy)).toList();
        IpsecProposal first = policy.proposals().getFirst();
        ChildConfig.StartAction start = switch (vpn.establishTunnels()) {
            case IMMEDIATELY -> ChildConfig.StartAction.IMMEDIATELY;
            case ON_TRAFFIC -> ChildConfig.StartAction.ON_TRAFFIC;
            case RESPONDER_ONLY, RESPONDER_ONLY_NO_REKEY -> ChildConfig.StartAction.RESPONDER_ONLY;
        };
        List<ChildConfig> out = new ArrayList<>();
        var selectors = vpn.trafficSelectors();
        if (selectors.isEmpty()) {
            // without traffic selectors Junos proposes everything (0.0.0.0/0 on both sides)
            TrafficSelector any = TrafficSelector.ofPrefix(InetAddress.ofLiteral("0.0.0.0"), 0);
            out.add(new ChildConfig(vpn.name(), proposals, List.of(any), List.of(any), first.lifetimeSeconds(),
                    first.lifetimeKilobytes(), start));
            return out;
        }
        for (var ts : selectors) {
            String name = selectors.size() == 1 ? vpn.name() : vpn.name() + ":" + ts.name();
            out.add(new ChildConfig(name, proposals, List.of(selector(ts.localIp())), List.of(selector(ts.remoteIp())),
                    first.lifetimeSeconds(), first.lifetimeKilobytes(), start));
        }
        return out;
    }

    private static TrafficSelector selector(IpPrefix p) {
        return TrafficSelector.ofPrefix(p.address(), p.length());
    }
}
