package org.jiked.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jiked.config.model.IkeGateway;
import org.jiked.config.model.IkePolicy;
import org.jiked.config.model.IkeProposal;
import org.jiked.config.model.IkeSession;
import org.jiked.config.model.IpsecPolicy;
import org.jiked.config.model.IpsecProposal;
import org.jiked.config.model.IpsecVpn;
import org.jiked.config.model.PkiConfig;
import org.jiked.config.model.St0Unit;
import org.jiked.config.model.StaticRoute;
import org.jiked.config.parse.ConfigNode;
import org.jiked.config.parse.ConfigParser;
import org.jiked.config.parse.Configuration;

/**
 * The checked, resolved configuration of jiked: {@code [edit system]} and {@code [edit security]}
 * of a Junos-style file, as typed records with every reference resolved and every Junos default
 * filled in. This is what the IKE engine runs from.
 *
 * <p>Maps keep the order of the file. Definitions nobody refers to are kept too.
 *
 * @param hostName {@code system host-name}, or null
 * @param tree the statements as written, for {@code show configuration}
 * @param st0Units {@code interfaces st0 unit N} by unit number
 * @param staticRoutes {@code routing-options static route}, all into st0 units
 * @param pki {@code [edit security pki]}
 * @param ikeSession {@code security ike session}, Junos defaults when absent
 */
public record SecurityConfig(
        String hostName,
        Map<String, IkeProposal> ikeProposals,
        Map<String, IkePolicy> ikePolicies,
        Map<String, IkeGateway> ikeGateways,
        Map<String, IpsecProposal> ipsecProposals,
        Map<String, IpsecPolicy> ipsecPolicies,
        List<IpsecVpn> vpns,
        Configuration tree,
        Map<Integer, St0Unit> st0Units,
        List<StaticRoute> staticRoutes,
        PkiConfig pki,
        IkeSession ikeSession) {

    public SecurityConfig {
        ikeProposals = frozen(ikeProposals);
        ikePolicies = frozen(ikePolicies);
        ikeGateways = frozen(ikeGateways);
        ipsecProposals = frozen(ipsecProposals);
        ipsecPolicies = frozen(ipsecPolicies);
        vpns = List.copyOf(vpns);
        Objects.requireNonNull(tree, "tree");
        st0Units = frozen(st0Units);
        staticRoutes = List.copyOf(staticRoutes);
        pki = pki == null ? PkiConfig.EMPTY : pki;
        ikeSession = ikeSession == null ? IkeSession.DEFAULT : ikeSession;
    }

    /**
     * Reads and checks a configuration file (UTF-8, either form).
     *
     * @throws ConfigException with every syntax error, or if there is none, every semantic error
     */
    public static SecurityConfig load(Path file) throws IOException, ConfigException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Parses and checks configuration text; {@code fileName} appears in error messages. */
    public static SecurityConfig parse(String text, String fileName) throws ConfigException {
        return from(ConfigParser.parse(text, fileName));
    }

    /** Checks an already parsed configuration and builds the model from it. */
    public static SecurityConfig from(Configuration tree) throws ConfigException {
        BuildContext ctx = new BuildContext();
        ConfigNode security = tree.root().child("security");
        PkiModelBuilder pki = new PkiModelBuilder(ctx);
        pki.build(security == null ? null : security.child("pki"));
        InterfacesModelBuilder interfaces = new InterfacesModelBuilder(ctx);
        interfaces.build(tree.root().child("interfaces"), tree.root().child("routing-options"));
        IkeModelBuilder ike = new IkeModelBuilder(ctx, pki);
        ike.build(security == null ? null : security.child("ike"));
        IpsecModelBuilder ipsec = new IpsecModelBuilder(ctx, ike.gateways, interfaces.units.keySet());
        ipsec.build(security == null ? null : security.child("ipsec"));
        ConfigNode ikeNode = security == null ? null : security.child("ike");
        IkeSession session = new SessionModelBuilder(ctx).build(ikeNode == null ? null : ikeNode.child("session"));
        if (!ctx.errors().isEmpty()) {
            throw new ConfigException(ctx.errors());
        }
        ConfigNode system = tree.root().child("system");
        return new SecurityConfig(
                system == null ? null : system.childValue("host-name"),
                ike.proposals.built(), ike.policies.built(), ike.gateways.built(),
                ipsec.proposals.built(), ipsec.policies.built(), ipsec.vpns, tree, interfaces.units,
                interfaces.routes, pki.built(), session);
    }

    /** The VPN of that name, or null. */
    public IpsecVpn vpn(String name) {
        for (IpsecVpn v : vpns) {
            if (v.name().equals(name)) {
                return v;
            }
        }
        return null;
    }

    private static <K, V> Map<K, V> frozen(Map<K, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
