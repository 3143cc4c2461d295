package org.jiked.config;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jiked.config.model.AuthenticationMethod;
import org.jiked.config.model.Defaults;
import org.jiked.config.model.DhGroup;
import org.jiked.config.model.EncryptionAlgorithm;
import org.jiked.config.model.Identity;
import org.jiked.config.model.IkeAuthenticationAlgorithm;
import org.jiked.config.model.Blocklist;
import org.jiked.config.model.DeadPeerDetection;
import org.jiked.config.model.Defaults;
import org.jiked.config.model.IkeGateway;
import org.jiked.config.model.IkePolicy;
import org.jiked.config.model.IkeProposal;
import org.jiked.config.model.IkeVersion;
import org.jiked.config.model.IpAddresses;
import org.jiked.config.model.Keyword;
import org.jiked.config.model.ProposalSets;
import org.jiked.config.model.Retransmission;
import org.jiked.config.parse.ConfigNode;

/** Builds and checks the {@code [edit security ike]} part of the model. */
final class IkeModelBuilder {
    private final BuildContext ctx;
    private final PkiModelBuilder pki;
    final Registry<IkeProposal> proposals = new Registry<>("IKE proposal");
    final Registry<IkePolicy> policies = new Registry<>("IKE policy");
    final Registry<IkeGateway> gateways = new Registry<>("IKE gateway");
    final Registry<Blocklist> blocklists = new Registry<>("blocklist");
    private final RetransmissionModelBuilder retransmissions;

    IkeModelBuilder(BuildContext ctx, PkiModelBuilder pki) {
        this.ctx = ctx;
        this.pki = pki;
        this.retransmissions = new RetransmissionModelBuilder(ctx);
    }

    /** Builds everything under {@code ike} (null when the configuration has no IKE section). */
    void build(ConfigNode ike) {
        if (ike == null) {
            return;
        }
        // Definition order matters: policies refer to proposals, gateways to policies.
        for (ConfigNode n : ike.children("proposal")) {
            proposals.define(n.name(), proposal(n));
        }
        for (ConfigNode n : ike.children("blocklists")) {
            blocklists.define(n.name(), blocklist(n));
        }
        for (ConfigNode n : ike.children("policy")) {
            policies.define(n.name(), policy(n));
        }
        retransmissions.global(ike.child("retransmission"));
        for (ConfigNode n : ike.children("gateway")) {
            gateways.define(n.name(), gateway(n));
        }
    }

    private IkeProposal proposal(ConfigNode n) {
        AuthenticationMethod method = ctx.required(n, "authentication-method", AuthenticationMethod.class);
        DhGroup group = ctx.required(n, "dh-group", DhGroup.class);
        EncryptionAlgorithm encryption = ctx.required(n, "encryption-algorithm", EncryptionAlgorithm.class);
        IkeAuthenticationAlgorithm auth = ctx.optional(n, "authentication-algorithm", IkeAuthenticationAlgorithm.class, null);
        int lifetime = (int) ctx.number(n, "lifetime-seconds", Defaults.IKE_LIFETIME_SECONDS);
        boolean ok = method != null && group != null && encryption != null;
        if (encryption != null && !encryption.aead() && auth == null) {
            ctx.error(n, "encryption-algorithm " + encryption.keyword() + " needs an authentication-algorithm"
                    + " (only AEAD ciphers such as aes-256-gcm carry their own integrity check)");
            ok = false;
        }
        if (!ok) {
            return null;
        }
        if (auth == null) {
            // With AEAD the keyword only picks the PRF; leaving it out is accepted.
            auth = Defaults.prfForAead(encryption);
        }
        return new IkeProposal(n.name(), method, group, auth, encryption, lifetime);
    }

    private IkePolicy policy(ConfigNode n) {
        List<IkeProposal> list = new ArrayList<>();
        boolean ok = proposalList(n, list);
        byte[] key = secret(n.child("pre-shared-key"));
        byte[] seed = secret(n.child("seeded-pre-shared-key"));
        if (key != null && seed != null) {
            ctx.error(n.child("seeded-pre-shared-key"), "'pre-shared-key' and 'seeded-pre-shared-key' exclude each"
                    + " other: a seeded key derives each initiator's key from its IKE ID");
            ok = false;
        }
        long signatureProposals = list.stream()
                .filter(p -> p.authenticationMethod() != AuthenticationMethod.PRE_SHARED_KEYS).count();
        if (ok && signatureProposals > 0 && signatureProposals < list.size()) {
            ctx.error(n, "the proposals mix pre-shared-keys with signature authentication methods; an IKE policy"
                    + " authenticates one way");
            ok = false;
        }
        if (ok && seed != null && signatureProposals > 0) {
            ctx.error(n.child("seeded-pre-shared-key"), "proposal " + list.getFirst().name()
                    + " authenticates with signatures; 'seeded-pre-shared-key' needs pre-shared-keys proposals");
            ok = false;
        }
        if (ok && key == null && seed == null && signatureProposals == 0) {
            ctx.error(n, "missing 'pre-shared-key': proposal " + list.getFirst().name()
                    + " uses authentication-method pre-shared-keys");
            ok = false;
        }
        ConfigNode cert = n.child("certificate");
        String local = null;
        String trustedProfile = null;
        String trustedGroup = null;
        if (cert != null) {
            ConfigNode lc = cert.child("local-certificate");
            if (lc != null && pki.localCertificates.resolve(ctx, lc, 0) == null) {
                ok = false;
            }
            local = cert.childValue("local-certificate");
            ConfigNode trusted = cert.child("trusted-ca");
            if (trusted != null) {
                boolean group = "trusted-ca-group".equals(trusted.option());
                boolean found = group ? pki.groups.built().containsKey(trusted.optionValue())
                        : pki.profiles.built().containsKey(trusted.optionValue());
                if (!found) {
                    ctx.error(trusted, (group ? "trusted-ca-group '" : "CA profile '") + trusted.optionValue()
                            + "' is not defined");
                    ok = false;
                }
                trustedGroup = group ? trusted.optionValue() : null;
                trustedProfile = group ? null : trusted.optionValue();
            }
        }
        if (ok && signatureProposals > 0 && local == null && pki.localCertificates.built().isEmpty()) {
            ctx.error(n, "proposal " + list.getFirst().name() + " authenticates with signatures: name the"
                    + " certificate with 'certificate local-certificate' (defined under security pki)");
            ok = false;
        }
        String reauth = n.childValue("reauth-frequency");
        Blocklist blocklist = null;
        ConfigNode bl = n.child("blocklist");
        if (bl != null && (blocklist = blocklists.resolve(ctx, bl, 0)) == null) {
            ok = false;
        }
        return ok ? new IkePolicy(n.name(), list, key, reauth == null ? 0 : Integer.parseInt(reauth), local,
                trustedProfile, trustedGroup, blocklist, seed) : null;
    }

    /** The octets of {@code pre-shared-key} / {@code seeded-pre-shared-key}, or null when absent. */
    private static byte[] secret(ConfigNode n) {
        if (n == null) {
            return null;
        }
        return "hexadecimal".equals(n.option()) ? HexFormat.of().parseHex(n.optionValue())
                : n.optionValue().getBytes(StandardCharsets.UTF_8);
    }

    /** Rules in file order; each needs exactly one of discard and reject, and a pattern that compiles. */
    private Blocklist blocklist(ConfigNode n) {
        boolean ok = true;
        List<Blocklist.Rule> rules = new ArrayList<>();
        for (ConfigNode r : n.children("rule")) {
            ConfigNode match = r.child("match");
            ConfigNode then = r.child("then");
            Blocklist.Role role = match == null || match.childValue("role") == null ? Blocklist.Role.INITIATOR
                    : Keyword.lookup(Blocklist.Role.class, match.childValue("role"));
            Identity.Type kind = match == null || match.childValue("id-type") == null ? null
                    : Keyword.lookup(Identity.Type.class, match.childValue("id-type"));
            java.util.regex.Pattern pattern = null;
            if (match != null && match.child("id-pattern") != null) {
                try {
                    pattern = java.util.regex.Pattern.compile(match.childValue("id-pattern"));
                } catch (java.util.regex.PatternSyntaxException e) {
                    ctx.error(match.child("id-pattern"), "id-pattern is not a regular expression: "
                            + e.getDescription());
                    ok = false;
                }
            }
            if (then == null || (then.child("discard") == null) == (then.child("reject") == null)) {
                ctx.error(then == null ? r : then, "rule " + r.name() + " needs exactly one action: discard or reject");
                ok = false;
                continue;
            }
            Blocklist.Action action = then.child("discard") != null ? Blocklist.Action.DISCARD
                    : Blocklist.Action.REJECT;
            String backoff = then.childValue("backoff");
            rules.add(new Blocklist.Rule(r.name(), role, kind, pattern, action,
                    backoff == null ? 0 : Integer.parseInt(backoff)));
        }
        if (ok && rules.isEmpty()) {
            ctx.error(n, "blocklist " + n.name() + " has no rule");
            ok = false;
        }
        return ok ? new Blocklist(n.name(), rules) : null;
    }

    /** Fills {@code out} from {@code proposals} or {@code proposal-set}; false after an error. */
    private boolean proposalList(ConfigNode n, List<IkeProposal> out) {
        return ProposalLists.fill(ctx, n, proposals, ProposalSets::ike, Integer.MAX_VALUE, "an IKE policy", out);
    }

    private IkeGateway gateway(ConfigNode n) {
        boolean ok = true;
        IkePolicy policy = null;
        ConfigNode policyRef = ctx.requiredChild(n, "ike-policy", "");
        if (policyRef == null || (policy = policies.resolve(ctx, policyRef, 0)) == null) {
            ok = false;
        }
        ConfigNode dynamicNode = n.child("dynamic");
        ConfigNode address = dynamicNode != null ? n.child("address") : ctx.requiredChild(n, "address",
                " (the peer's address, or 'dynamic' for peers known by their IKE ID)");
        List<InetAddress> addresses = new ArrayList<>();
        IkeGateway.Dynamic dynamic = null;
        if (dynamicNode != null) {
            dynamic = dynamic(n, dynamicNode, address, policy != null && policy.usesCertificates());
            ok &= dynamic != null;
        } else if (address == null) {
            ok = false;
        } else {
            for (String a : address.values()) {
                addresses.add(IpAddresses.parse(a));
            }
        }
        InetAddress local = null;
        ConfigNode localNode = n.child("local-address");
        if (localNode != null) {
            local = IpAddresses.parse(localNode.value());
            for (int i = 0; i < addresses.size(); i++) {
                if (!IpAddresses.sameFamily(local, addresses.get(i))) {
                    ctx.error(address, i, "address " + address.values().get(i) + " and local-address "
                            + localNode.value() + " are of different address families");
                    ok = false;
                }
            }
        }
        boolean certificates = policy != null && policy.usesCertificates();
        Identity localId = identity(n.child("local-identity"), certificates);
        Identity remoteId = identity(n.child("remote-identity"), certificates);
        if ((n.child("local-identity") != null && localId == null) || (n.child("remote-identity") != null && remoteId == null)) {
            ok = false;
        }
        ok &= version(n);
        DeadPeerDetection dpd = deadPeerDetection(n.child("dead-peer-detection"));
        if (n.child("dead-peer-detection") != null && dpd == null) {
            ok = false;
        }
        ConfigNode fragmentation = n.child("fragmentation");
        boolean fragmentationEnabled = fragmentation == null || fragmentation.child("disable") == null;
        String size = fragmentation == null ? null : fragmentation.childValue("size");
        Retransmission retransmit = retransmissions.gateway(n.child("retransmission"));
        ok &= retransmit != null;
        return ok ? new IkeGateway(n.name(), policy, addresses, local, n.childValue("external-interface"), localId,
                remoteId, dpd, fragmentationEnabled, size == null ? 0 : Integer.parseInt(size),
                n.child("no-nat-traversal") == null,
                n.childValue("nat-keepalive") == null ? 20 : Integer.parseInt(n.childValue("nat-keepalive")), dynamic,
                retransmit)
                : null;
    }

    /** {@code dynamic}: exactly one way to match the peer's ID; the peer's address is not configured. */
    private IkeGateway.Dynamic dynamic(ConfigNode gateway, ConfigNode n, ConfigNode address, boolean certificates) {
        boolean ok = true;
        if (address != null) {
            ctx.error(address, "'address' and 'dynamic' exclude each other: a dynamic gateway accepts peers"
                    + " at any address");
            ok = false;
        }
        if (gateway.child("local-address") == null) {
            ctx.error(n, "a dynamic gateway needs 'local-address' (the address its peers connect to)");
            ok = false;
        }
        if (gateway.child("remote-identity") != null) {
            ctx.error(gateway.child("remote-identity"), "a dynamic gateway names its peers' ID under 'dynamic'"
                    + " (hostname, user-at-hostname, distinguished-name or general-ikeid), not with remote-identity");
            ok = false;
        }
        List<Identity> ids = new ArrayList<>();
        int forms = 0;
        if (n.childValue("hostname") != null) {
            ids.add(Identity.hostname(n.childValue("hostname")));
            forms++;
        }
        if (n.childValue("user-at-hostname") != null) {
            ids.add(Identity.userAtHostname(n.childValue("user-at-hostname")));
            forms++;
        }
        if (n.child("general-ikeid") != null) {
            forms++;
        }
        ConfigNode dn = n.child("distinguished-name");
        if (dn != null) {
            forms++;
            Identity pattern = dynamicDistinguishedName(dn, certificates);
            ok &= pattern != null;
            if (pattern != null) {
                ids.add(pattern);
            }
        }
        if (forms != 1) {
            ctx.error(n, forms == 0 ? "missing the peers' ID: one of hostname, user-at-hostname, distinguished-name,"
                    + " general-ikeid" : "only one of hostname, user-at-hostname, distinguished-name, general-ikeid"
                    + " may be set");
            ok = false;
        }
        int limit = (int) ctx.number(n, "connections-limit", 0);
        return ok ? new IkeGateway.Dynamic(ids.isEmpty() ? null : ids.getFirst(), limit) : null;
    }

    /**
     * {@code dynamic distinguished-name container STR | wildcard STR}: exactly one of the two, a
     * valid DN, and a policy that authenticates with certificates (a DN is only proven by one).
     * Kept in the form of {@code remote-identity distinguished-name} ("container STR").
     */
    private Identity dynamicDistinguishedName(ConfigNode dn, boolean certificates) {
        ConfigNode container = dn.child("container");
        ConfigNode wildcard = dn.child("wildcard");
        if ((container == null) == (wildcard == null)) {
            ctx.error(dn, "distinguished-name needs exactly one of container or wildcard");
            return null;
        }
        if (!certificates) {
            ctx.error(dn, "distinguished-name identities need certificates; the gateway's ike-policy uses"
                    + " pre-shared keys");
            return null;
        }
        ConfigNode which = container != null ? container : wildcard;
        try {
            new javax.naming.ldap.LdapName(which.value());
        } catch (javax.naming.InvalidNameException | IllegalArgumentException e) {
            ctx.error(which, "'" + which.value() + "' is not a distinguished name (like \"O=example, OU=sales\")");
            return null;
        }
        return new Identity(Identity.Type.DISTINGUISHED_NAME, new byte[0], which.keyword() + " " + which.value());
    }

    /** At most one mode; Junos defaults for what is left out. Null when refused or absent. */
    private DeadPeerDetection deadPeerDetection(ConfigNode n) {
        if (n == null) {
            return null;
        }
        DeadPeerDetection.Mode mode = null;
        for (ConfigNode c : n.children()) {
            DeadPeerDetection.Mode m = Keyword.lookup(DeadPeerDetection.Mode.class, c.keyword());
            if (m == null) {
                continue;
            }
            if (mode != null) {
                ctx.error(c, "only one of always-send, optimized, probe-idle-tunnel may be set"
                        + " (" + mode.keyword() + " is already set)");
                return null;
            }
            mode = m;
        }
        String interval = n.childValue("interval");
        String threshold = n.childValue("threshold");
        return new DeadPeerDetection(mode == null ? DeadPeerDetection.Mode.OPTIMIZED : mode,
                interval == null ? Defaults.DPD_INTERVAL : Integer.parseInt(interval),
                threshold == null ? Defaults.DPD_THRESHOLD : Integer.parseInt(threshold));
    }

    /**
     * Junos runs IKEv1 unless the gateway says {@code version v2-only}. jiked implements IKEv2 only,
     * so it insists on the statement: a configuration it accepts then means the same on an SRX.
     */
    private boolean version(ConfigNode n) {
        ConfigNode v = n.child("version");
        if (v == null) {
            ctx.error(n, "missing mandatory statement 'version v2-only' (without it Junos uses IKEv1,"
                    + " which jiked does not implement)");
            return false;
        }
        if (Keyword.lookup(IkeVersion.class, v.value()) == IkeVersion.V1_ONLY) {
            ctx.error(v, "version v1-only is not supported: jiked implements IKEv2 only; use 'version v2-only'");
            return false;
        }
        return true;
    }

    /**
     * {@code distinguished-name [container STR | wildcard STR]}: the pattern is kept as its text
     * ("", "container STR" or "wildcard STR"); the DN itself comes from the certificates.
     */
    private Identity distinguishedName(ConfigNode n) {
        List<String> v = n.values();
        if (v.size() == 3) {
            try {
                new javax.naming.ldap.LdapName(v.get(2));
            } catch (javax.naming.InvalidNameException | IllegalArgumentException e) {
                ctx.error(n, "'" + v.get(2) + "' is not a distinguished name (like \"O=example, OU=sales\")");
                return null;
            }
            return new Identity(Identity.Type.DISTINGUISHED_NAME, new byte[0], v.get(1) + " " + v.get(2));
        }
        return new Identity(Identity.Type.DISTINGUISHED_NAME, new byte[0], "");
    }

    /** The identity in a {@code local-identity} / {@code remote-identity} statement; null if absent or refused. */
    private Identity identity(ConfigNode n, boolean certificates) {
        if (n == null) {
            return null;
        }
        String v = n.optionValue();
        return switch (Keyword.lookup(Identity.Type.class, n.option())) {
            case INET -> Identity.ipv4(IpAddresses.parseIpv4(v));
            case INET6 -> Identity.ipv6(IpAddresses.parseIpv6(v));
            case HOSTNAME -> Identity.hostname(v);
            case USER_AT_HOSTNAME -> Identity.userAtHostname(v);
            case KEY_ID -> Identity.keyId(v);
            case DISTINGUISHED_NAME -> {
                if (!certificates) {
                    ctx.error(n, "distinguished-name identities need certificates; the gateway's ike-policy uses"
                            + " pre-shared keys");
                    yield null;
                }
                yield distinguishedName(n);
            }
        };
    }
}
