package org.jiked.daemon;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jiked.child.TrafficSelector;
import org.jiked.config.SecurityConfig;
import org.jiked.config.model.AuthenticationMethod;
import org.jiked.config.model.DeadPeerDetection;
import org.jiked.config.model.EncryptionAlgorithm;
import org.jiked.config.model.IkeGateway;
import org.jiked.config.model.IkeProposal;
import org.jiked.config.model.IkeSession;
import org.jiked.config.model.IpPrefix;
import org.jiked.config.model.IpsecPolicy;
import org.jiked.config.model.IpsecProposal;
import org.jiked.config.model.IpsecVpn;
import org.jiked.config.model.PkiConfig;
import org.jiked.config.model.Retransmission;
import org.jiked.ike.CertificateAuth;
import org.jiked.ike.ChildConfig;
import org.jiked.ike.ChildProposalSpec;
import org.jiked.ike.DpdSettings;
import org.jiked.ike.Fragmentation;
import org.jiked.ike.IdBlocklist;
import org.jiked.ike.Identity;
import org.jiked.ike.IkeProposalSpec;
import org.jiked.ike.PeerConfig;
import org.jiked.ike.PeerOptions;
import org.jiked.ike.RetransmitSettings;
import org.jiked.pki.AuthSignatures;
import org.jiked.pki.CaProfile;
import org.jiked.pki.CredentialFiles;
import org.jiked.pki.CrlFetcher;
import org.jiked.pki.DnPattern;
import org.jiked.pki.JdkPublicKeyOps;
import org.jiked.pki.LocalCredential;
import org.jiked.pki.PkiStore;
import org.jiked.pki.RevocationCheck;
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
        return peers(config, resolver, pki(config));
    }

    static List<PeerConfig> peers(SecurityConfig config, LocalAddressResolver resolver, PkiStore pki)
            throws IOException {
        Map<String, List<ChildConfig>> childrenByGateway = new LinkedHashMap<>();
        for (IpsecVpn vpn : config.vpns()) {
            childrenByGateway.computeIfAbsent(vpn.gateway().name(), k -> new ArrayList<>()).addAll(children(vpn));
        }
        List<PeerConfig> out = new ArrayList<>();
        for (IkeGateway gw : config.ikeGateways().values()) {
            InetAddress local = resolver.resolve(gw);
            List<IkeProposalSpec> proposals = gw.policy().proposals().stream().map(EngineConfigs::ike).toList();
            long lifetime = gw.policy().proposals().stream().mapToLong(IkeProposal::lifetimeSeconds).min().orElse(28800);
            boolean localDn = isDn(gw.localIdentity());
            // dynamic distinguished-name container | wildcard is kept as remote-identity's DN form
            var remoteConfigured = gw.isDynamic() ? gw.dynamic().remoteIdentity() : gw.remoteIdentity();
            boolean remoteDn = isDn(remoteConfigured);
            Identity localId = gw.localIdentity() == null || localDn ? null
                    : new Identity(gw.localIdentity().idType(), gw.localIdentity().data());
            // a dynamic gateway matches its peers by ID; general-ikeid (null) takes any the key authenticates
            var remote = gw.isDynamic() ? gw.dynamic().remoteIdentity()
                    : gw.effectiveRemoteIdentity(gw.addresses().getFirst());
            Identity remoteId = remoteDn || remote == null ? null : new Identity(remote.idType(), remote.data());
            CertificateAuth certificates = gw.policy().usesCertificates()
                    ? certificateAuth(gw, pki, localDn, remoteDn ? dnPattern(remoteConfigured) : null) : null;
            out.add(new PeerConfig(gw.name(), gw.addresses(), local, proposals, gw.policy().preSharedKey(), localId,
                    remoteId, lifetime, childrenByGateway.getOrDefault(gw.name(), List.of()),
                    retransmit(gw.retransmission()), new PeerOptions(dpd(gw.deadPeerDetection()),
                    new Fragmentation(gw.fragmentationEnabled(), gw.fragmentSize()),
                    gw.policy().reauthFrequency(), gw.natTraversal(), gw.natKeepaliveSeconds(),
                    blocklist(gw.policy().blocklist()), gw.policy().seededPreSharedKey()), certificates));
        }
        return out;
    }

    private static boolean isDn(org.jiked.config.model.Identity id) {
        return id != null && id.type() == org.jiked.config.model.Identity.Type.DISTINGUISHED_NAME;
    }

    /** The text kept by the configuration ("", "container STR", "wildcard STR") as a pattern. */
    private static DnPattern dnPattern(org.jiked.config.model.Identity id) {
        String text = id.text();
        if (text.isEmpty()) {
            return DnPattern.ANY;
        }
        int space = text.indexOf(' ');
        return DnPattern.parse(text.startsWith("container") ? DnPattern.Kind.CONTAINER : DnPattern.Kind.WILDCARD,
                text.substring(space + 1));
    }

    private static CertificateAuth certificateAuth(IkeGateway gw, PkiStore pki, boolean localDn, DnPattern remoteDn)
            throws IOException {
        var policy = gw.policy();
        List<String> names = policy.localCertificate() != null ? List.of(policy.localCertificate()) : List.of();
        List<LocalCredential> creds = policy.localCertificate() != null
                ? List.of(pki.localCertificate(policy.localCertificate()))
                : List.copyOf(pki.localCertificates());
        for (LocalCredential c : creds) {
            for (IkeProposal p : policy.proposals()) {
                String problem = keyFits(c, p.authenticationMethod());
                if (problem != null) {
                    throw new IOException("gateway " + gw.name() + ": local certificate " + c.name() + " " + problem
                            + " (proposal " + p.name() + ")");
                }
            }
        }
        PkiStore.TrustedCa trusted = policy.trustedCaProfile() != null
                ? new PkiStore.TrustedCa(policy.trustedCaProfile(), null)
                : policy.trustedCaGroup() != null ? new PkiStore.TrustedCa(null, policy.trustedCaGroup()) : null;
        return new CertificateAuth(pki, names, trusted, localDn, remoteDn, false, JdkPublicKeyOps.INSTANCE);
    }

    /** rsa-signatures wants an RSA key, ecdsa-signatures-N a key on P-N: the key's classic AUTH method. */
    private static String keyFits(LocalCredential c, AuthenticationMethod method) {
        int keyMethod = AuthSignatures.classicMethod(c.certificate().getPublicKey());
        return method == AuthenticationMethod.PRE_SHARED_KEYS || keyMethod == method.authMethod() ? null
                : "has a key that does not fit authentication-method " + method.keyword();
    }

    /**
     * Reads the certificates and keys {@code security pki} names.
     *
     * @throws IOException naming the file and statement that could not be used
     */
    static PkiStore pki(SecurityConfig config) throws IOException {
        PkiConfig c = config.pki();
        Map<String, CaProfile> profiles = new LinkedHashMap<>();
        for (PkiConfig.CaProfile p : c.caProfiles().values()) {
            X509Certificate cert = read("ca-profile " + p.name(), () -> PkiStore.caCertificate(Path.of(p.certificateFile())));
            RevocationCheck rc = new RevocationCheck(p.crl(), p.acceptOnDownloadFailure(), p.refreshHours() * 3600L,
                    p.crlUrl() == null ? null : URI.create(p.crlUrl()));
            profiles.put(p.name(), new CaProfile(p.name(), p.caIdentity(), cert, rc));
        }
        Map<String, LocalCredential> locals = new LinkedHashMap<>();
        for (PkiConfig.LocalCertificate l : c.localCertificates().values()) {
            String what = "local-certificate " + l.name();
            X509Certificate cert = read(what, () -> CredentialFiles.certificates(Path.of(l.certificateFile())).getFirst());
            PrivateKey key = read(what, () -> CredentialFiles.privateKey(Path.of(l.privateKeyFile()),
                    l.password() == null ? null : l.password().toCharArray()));
            read(what, () -> {
                LocalCredential.checkPair(cert, key);
                return null;
            });
            locals.put(l.name(), PkiStore.credential(l.name(), cert, key, profiles.values()));
        }
        return new PkiStore(profiles, c.trustedCaGroups(), locals, CrlFetcher.http(), System::currentTimeMillis);
    }

    private interface FileRead<T> {
        T read() throws IOException;
    }

    private static <T> T read(String statement, FileRead<T> r) throws IOException {
        try {
            return r.read();
        } catch (IOException e) {
            throw new IOException("security pki " + statement + ": " + e.getMessage(), e);
        }
    }

    /**
     * What {@code jiked config check} adds to the text check: the certificate and key files can be
     * read, belong together and fit the proposals, as at daemon start (without binding anything).
     */
    static void checkFiles(SecurityConfig config) throws IOException {
        peers(config, gw -> gw.localAddress() != null ? gw.localAddress() : InetAddress.ofLiteral("0.0.0.0"),
                pki(config));
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

    static IdBlocklist blocklist(org.jiked.config.model.Blocklist b) {
        if (b == null) {
            return null;
        }
        return new IdBlocklist(b.name(), b.rules().stream().map(r -> new IdBlocklist.Rule(r.name(),
                r.role() == org.jiked.config.model.Blocklist.Role.INITIATOR, r.idType() == null ? 0 : r.idType().idType(),
                r.idPattern(), r.action() == org.jiked.config.model.Blocklist.Action.DISCARD,
                r.backoffSeconds() * 1000L)).toList());
    }

    /** A gateway's {@code retransmission} (seconds) for the engine (milliseconds). */
    static RetransmitSettings retransmit(Retransmission r) {
        return new RetransmitSettings(r.initialInterval() * 1000L, r.maxInterval() * 1000L, r.count());
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
            case RESPONDER_ONLY -> ChildConfig.StartAction.RESPONDER_ONLY;
            case RESPONDER_ONLY_NO_REKEY -> ChildConfig.StartAction.RESPONDER_ONLY_NO_REKEY;
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
