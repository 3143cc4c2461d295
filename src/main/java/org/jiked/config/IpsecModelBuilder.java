package org.jiked.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jiked.config.model.Defaults;
import org.jiked.config.model.DfBit;
import org.jiked.config.model.DhGroup;
import org.jiked.config.model.EncryptionAlgorithm;
import org.jiked.config.model.EstablishTunnels;
import org.jiked.config.model.IkeGateway;
import org.jiked.config.model.IpPrefix;
import org.jiked.config.model.IpsecAuthenticationAlgorithm;
import org.jiked.config.model.IpsecPolicy;
import org.jiked.config.model.IpsecProposal;
import org.jiked.config.model.IpsecVpn;
import org.jiked.config.model.ProposalSets;
import org.jiked.config.model.TrafficSelector;
import org.jiked.config.parse.ConfigNode;

/** Builds and checks the {@code [edit security ipsec]} part of the model. */
final class IpsecModelBuilder {
    private final BuildContext ctx;
    private final Registry<IkeGateway> gateways;
    private final java.util.Set<Integer> st0Units;
    final Registry<IpsecProposal> proposals = new Registry<>("IPsec proposal");
    final Registry<IpsecPolicy> policies = new Registry<>("IPsec policy");
    final List<IpsecVpn> vpns = new ArrayList<>();

    IpsecModelBuilder(BuildContext ctx, Registry<IkeGateway> gateways, java.util.Set<Integer> st0Units) {
        this.ctx = ctx;
        this.gateways = gateways;
        this.st0Units = st0Units;
    }

    void build(ConfigNode ipsec) {
        if (ipsec == null) {
            return;
        }
        for (ConfigNode n : ipsec.children("proposal")) {
            proposals.define(n.name(), proposal(n));
        }
        for (ConfigNode n : ipsec.children("policy")) {
            policies.define(n.name(), policy(n));
        }
        List<ConfigNode> vpnNodes = ipsec.children("vpn");
        for (ConfigNode n : vpnNodes) {
            IpsecVpn vpn = vpn(n);
            if (vpn != null) {
                vpns.add(vpn);
            }
        }
        checkResponderOnly(vpnNodes);
    }

    private IpsecProposal proposal(ConfigNode n) {
        EncryptionAlgorithm encryption = ctx.required(n, "encryption-algorithm", EncryptionAlgorithm.class);
        IpsecAuthenticationAlgorithm auth =
                ctx.optional(n, "authentication-algorithm", IpsecAuthenticationAlgorithm.class, null);
        int lifetime = (int) ctx.number(n, "lifetime-seconds", Defaults.IPSEC_LIFETIME_SECONDS);
        long kilobytes = ctx.number(n, "lifetime-kilobytes", 0);
        if (encryption == null) {
            return null;
        }
        if (encryption.aead() && auth != null) {
            ctx.error(n.child("authentication-algorithm"), "authentication-algorithm cannot be combined with"
                    + " encryption-algorithm " + encryption.keyword() + ", which carries its own integrity check;"
                    + " remove authentication-algorithm");
            return null;
        }
        if (!encryption.aead() && auth == null) {
            ctx.error(n, "encryption-algorithm " + encryption.keyword() + " needs an authentication-algorithm"
                    + " (only AEAD ciphers such as aes-256-gcm carry their own integrity check)");
            return null;
        }
        return new IpsecProposal(n.name(), encryption, auth, lifetime, kilobytes);
    }

    private IpsecPolicy policy(ConfigNode n) {
        List<IpsecProposal> list = new ArrayList<>();
        boolean ok = proposalList(n, list);
        DhGroup pfs = null;
        ConfigNode pfsNode = n.child("perfect-forward-secrecy");
        if (pfsNode != null) {
            pfs = ctx.required(pfsNode, "keys", DhGroup.class);
            ok &= pfs != null;
        }
        return ok ? new IpsecPolicy(n.name(), list, pfs) : null;
    }

    private boolean proposalList(ConfigNode n, List<IpsecProposal> out) {
        return ProposalLists.fill(ctx, n, proposals, ProposalSets::ipsec, Defaults.MAX_IPSEC_PROPOSALS,
                "an IPsec policy", out);
    }

    private IpsecVpn vpn(ConfigNode n) {
        boolean ok = true;
        IkeGateway gateway = null;
        IpsecPolicy policy = null;
        ConfigNode ike = ctx.requiredChild(n, "ike", " (with 'gateway' and 'ipsec-policy')");
        if (ike == null) {
            ok = false;
        } else {
            ConfigNode gwRef = ctx.requiredChild(ike, "gateway", "");
            ConfigNode policyRef = ctx.requiredChild(ike, "ipsec-policy", "");
            ok = gwRef != null && (gateway = gateways.resolve(ctx, gwRef, 0)) != null;
            ok &= policyRef != null && (policy = policies.resolve(ctx, policyRef, 0)) != null;
        }
        int bind = -1;
        ConfigNode bindNode = n.child("bind-interface");
        if (bindNode != null) {
            bind = InterfacesModelBuilder.unitNumber(bindNode.value());
            if (!st0Units.contains(bind)) {
                ctx.error(bindNode, "bind-interface " + bindNode.value() + " is not configured; define 'interfaces st0"
                        + " unit " + bind + " family inet'");
                ok = false;
            }
        }
        List<TrafficSelector> selectors = trafficSelectors(n, bindNode != null);
        ok &= selectors != null;
        EstablishTunnels establish = ctx.optional(n, "establish-tunnels", EstablishTunnels.class, Defaults.ESTABLISH_TUNNELS);
        DfBit df = ctx.optional(n, "df-bit", DfBit.class, Defaults.DF_BIT);
        int window = Defaults.REPLAY_WINDOW_SIZE;
        if (ike != null && ike.child("no-anti-replay") != null) {
            if (ike.child("anti-replay-window-size") != null) {
                ctx.error(ike.child("no-anti-replay"), "'no-anti-replay' and 'anti-replay-window-size' exclude each"
                        + " other; keep one");
                ok = false;
            }
            window = 0;
        } else if (ike != null) {
            window = (int) ctx.number(ike, "anti-replay-window-size", Defaults.REPLAY_WINDOW_SIZE);
        }
        return ok ? new IpsecVpn(n.name(), gateway, policy, selectors, establish, bind, df, window) : null;
    }

    /**
     * The VPN's traffic selectors; null after an error. A route-based VPN may leave them out and
     * then negotiates everything (0.0.0.0/0), as Junos does; its routes choose what enters it.
     */
    private List<TrafficSelector> trafficSelectors(ConfigNode vpn, boolean routeBased) {
        List<ConfigNode> nodes = vpn.children("traffic-selector");
        if (nodes.isEmpty() && routeBased) {
            return List.of();
        }
        if (nodes.isEmpty()) {
            ctx.error(vpn, "missing 'traffic-selector': jiked protects the traffic that traffic selectors name,"
                    + " or with 'bind-interface st0.N' the traffic routed into that unit");
            return null;
        }
        List<TrafficSelector> out = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>();
        boolean ok = true;
        for (ConfigNode ts : nodes) {
            ConfigNode local = ctx.requiredChild(ts, "local-ip", "");
            ConfigNode remote = ctx.requiredChild(ts, "remote-ip", "");
            if (local == null || remote == null) {
                ok = false;
                continue;
            }
            IpPrefix l = IpPrefix.parse(local.value());
            IpPrefix r = IpPrefix.parse(remote.value());
            if (l.isIpv4() != r.isIpv4()) {
                ctx.error(ts, "local-ip " + local.value() + " and remote-ip " + remote.value()
                        + " are of different address families; a traffic selector covers one family");
                ok = false;
                continue;
            }
            String earlier = seen.putIfAbsent(l + " " + r, ts.name());
            if (earlier != null) {
                ctx.error(ts, "same local-ip and remote-ip as traffic-selector " + earlier);
                ok = false;
                continue;
            }
            out.add(new TrafficSelector(ts.name(), l, r));
        }
        return ok ? out : null;
    }

    /**
     * Junos: once one VPN of a gateway is responder-only, all VPNs of that gateway must be, since
     * the gateway cannot both wait for the peer and start negotiations itself.
     */
    private void checkResponderOnly(List<ConfigNode> vpnNodes) {
        Map<String, List<ConfigNode>> byGateway = new LinkedHashMap<>();
        for (ConfigNode n : vpnNodes) {
            ConfigNode ike = n.child("ike");
            String gw = ike == null ? null : ike.childValue("gateway");
            if (gw != null) {
                byGateway.computeIfAbsent(gw, k -> new ArrayList<>()).add(n);
            }
        }
        for (Map.Entry<String, List<ConfigNode>> e : byGateway.entrySet()) {
            ConfigNode responderOnly = null;
            for (ConfigNode n : e.getValue()) {
                if (establish(n).responderOnly()) {
                    responderOnly = n;
                    break;
                }
            }
            if (responderOnly == null) {
                continue;
            }
            for (ConfigNode n : e.getValue()) {
                if (!establish(n).responderOnly()) {
                    ctx.error(n, "gateway " + e.getKey() + " also serves vpn " + responderOnly.name()
                            + ", which is " + establish(responderOnly).keyword() + "; all VPNs of a gateway must then be"
                            + " responder-only or responder-only-no-rekey");
                }
            }
        }
    }

    private EstablishTunnels establish(ConfigNode vpn) {
        return ctx.optional(vpn, "establish-tunnels", EstablishTunnels.class, Defaults.ESTABLISH_TUNNELS);
    }
}
