package org.jiked.config.schema;

import static org.jiked.config.schema.StatementDef.choice;
import static org.jiked.config.schema.StatementDef.container;
import static org.jiked.config.schema.StatementDef.flag;
import static org.jiked.config.schema.StatementDef.leaf;
import static org.jiked.config.schema.StatementDef.leafList;
import static org.jiked.config.schema.StatementDef.named;
import static org.jiked.config.schema.StatementDef.qualifiedFlag;
import static org.jiked.config.schema.StatementDef.refused;

import org.jiked.config.model.AuthenticationMethod;
import org.jiked.config.model.Blocklist;
import org.jiked.config.model.Identity;
import org.jiked.config.model.Defaults;
import org.jiked.config.model.DfBit;
import org.jiked.config.model.DhGroup;
import org.jiked.config.model.EncryptionAlgorithm;
import org.jiked.config.model.EstablishTunnels;
import org.jiked.config.model.IkeAuthenticationAlgorithm;
import org.jiked.config.model.IkeVersion;
import org.jiked.config.model.IpsecAuthenticationAlgorithm;
import org.jiked.config.model.ProposalSet;

/**
 * Every statement jiked accepts, as a tree under the configuration root. A statement missing here
 * is a configuration error: jiked accepts only what it implements.
 *
 * <p>Keywords, value keywords and child order follow the Junos CLI reference for
 * {@code [edit security ike]} and {@code [edit security ipsec]}. Adding a statement is one line
 * in the right place; the parser, the "expected one of" lists and the renderer pick it up.
 */
public final class JikedSchema {
    private JikedSchema() {}

    private static final ValueType LIFETIME_SECONDS =
            ValueType.range(Defaults.LIFETIME_SECONDS_MIN, Defaults.LIFETIME_SECONDS_MAX);

    /**
     * {@code local-identity} and {@code remote-identity} share their forms; the remote one's
     * distinguished-name may name a {@code container} or {@code wildcard} pattern.
     */
    private static StatementDef identity(String keyword, StatementDef distinguishedName) {
        return choice(keyword,
                leaf("inet", ValueType.IPV4),
                leaf("inet6", ValueType.IPV6),
                leaf("hostname", ValueType.HOSTNAME),
                leaf("user-at-hostname", ValueType.EMAIL),
                leaf("key-id", ValueType.WORD),
                distinguishedName);
    }

    /**
     * {@code retransmission}, under {@code security ike} for every gateway and under a gateway for
     * that one (jiked's own: Junos has no statement for IKEv2 request retransmission).
     */
    private static StatementDef retransmission() {
        return container("retransmission",
                leaf("count", ValueType.range(0, Defaults.RETRANSMISSION_COUNT_MAX)),
                leaf("initial-interval", ValueType.range(Defaults.RETRANSMISSION_INITIAL_INTERVAL_MIN,
                        Defaults.RETRANSMISSION_INITIAL_INTERVAL_MAX)),
                leaf("max-interval", ValueType.range(Defaults.RETRANSMISSION_INITIAL_INTERVAL_MIN,
                        Defaults.RETRANSMISSION_MAX_INTERVAL_MAX)));
    }

    /** [edit security pki ca-profile NAME] */
    private static final StatementDef CA_PROFILE = named("ca-profile", ValueType.NAME,
            leaf("ca-identity", ValueType.WORD),
            // jiked's own: Junos loads the CA certificate with "request security pki ca-certificate load"
            leaf("certificate-file", ValueType.NON_EMPTY),
            container("revocation-check",
                    flag("disable"),
                    container("crl",
                            container("disable", flag("on-download-failure")),
                            leaf("refresh-interval", ValueType.range(0, 8784)),
                            leaf("url", ValueType.WORD))));

    /** [edit security pki] */
    private static final StatementDef PKI = container("pki",
            CA_PROFILE,
            named("trusted-ca-group", ValueType.NAME,
                    leafList("ca-profiles", ValueType.NAME)),
            // jiked's own: Junos loads local certificates with "request security pki local-certificate load"
            named("local-certificate", ValueType.NAME,
                    leaf("certificate-file", ValueType.NON_EMPTY),
                    leaf("private-key-file", ValueType.NON_EMPTY),
                    choice("private-key-password", leaf("ascii-text", ValueType.NON_EMPTY)).secret()));

    /** [edit security ike proposal NAME] */
    private static final StatementDef IKE_PROPOSAL = named("proposal", ValueType.NAME,
            leaf("description", ValueType.STRING),
            leaf("authentication-method", ValueType.oneOf(AuthenticationMethod.values())),
            leaf("dh-group", ValueType.oneOf(DhGroup.values())),
            leaf("authentication-algorithm", ValueType.oneOf(IkeAuthenticationAlgorithm.values())),
            leaf("encryption-algorithm", ValueType.oneOf(EncryptionAlgorithm.forIke())),
            leaf("lifetime-seconds", LIFETIME_SECONDS));

    /** [edit security ike policy NAME] */
    private static final StatementDef IKE_POLICY = named("policy", ValueType.NAME,
            leaf("description", ValueType.STRING),
            refused("mode", "'mode' selects the IKEv1 exchange (main or aggressive); jiked implements IKEv2 only"),
            leafList("proposals", ValueType.NAME),
            leaf("proposal-set", ValueType.oneOf(ProposalSet.values())),
            leaf("reauth-frequency", ValueType.range(0, 100)),
            leaf("blocklist", ValueType.NAME),
            choice("pre-shared-key",
                    leaf("ascii-text", ValueType.NON_EMPTY),
                    leaf("hexadecimal", ValueType.HEX)).secret(),
            choice("seeded-pre-shared-key",
                    leaf("ascii-text", ValueType.NON_EMPTY),
                    leaf("hexadecimal", ValueType.HEX)).secret(),
            container("certificate",
                    leaf("local-certificate", ValueType.NAME),
                    choice("trusted-ca",
                            leaf("ca-profile", ValueType.NAME),
                            leaf("trusted-ca-group", ValueType.NAME))));

    /** [edit security ike blocklists NAME] */
    private static final StatementDef IKE_BLOCKLISTS = named("blocklists", ValueType.NAME,
            leaf("description", ValueType.STRING),
            named("rule", ValueType.NAME,
                    leaf("description", ValueType.STRING),
                    container("match",
                            leaf("role", ValueType.oneOf(Blocklist.Role.values())),
                            leaf("id-type", ValueType.oneOf(Identity.Type.values())),
                            leaf("id-pattern", ValueType.NON_EMPTY)),
                    container("then",
                            flag("discard"),
                            flag("reject"),
                            leaf("backoff", ValueType.range(Defaults.BACKOFF_MIN, Defaults.BACKOFF_MAX)))));

    /** [edit security ike gateway NAME] */
    private static final StatementDef IKE_GATEWAY = named("gateway", ValueType.NAME,
            leaf("ike-policy", ValueType.NAME),
            leafList("address", ValueType.IP),
            container("dynamic",
                    leaf("hostname", ValueType.HOSTNAME),
                    leaf("user-at-hostname", ValueType.EMAIL),
                    container("distinguished-name",
                            leaf("container", ValueType.NON_EMPTY),
                            leaf("wildcard", ValueType.NON_EMPTY)),
                    flag("general-ikeid"),
                    leaf("connections-limit", ValueType.range(1, Defaults.HALF_OPEN_MAX_COUNT_MAX))),
            identity("local-identity", flag("distinguished-name")),
            identity("remote-identity", qualifiedFlag("distinguished-name",
                    leaf("container", ValueType.NON_EMPTY),
                    leaf("wildcard", ValueType.NON_EMPTY))),
            leaf("external-interface", ValueType.WORD),
            leaf("local-address", ValueType.IP),
            leaf("version", ValueType.oneOf(IkeVersion.values())),
            container("dead-peer-detection",
                    flag("always-send"),
                    flag("optimized"),
                    flag("probe-idle-tunnel"),
                    leaf("interval", ValueType.range(Defaults.DPD_INTERVAL_MIN, Defaults.DPD_INTERVAL_MAX)),
                    leaf("threshold", ValueType.range(Defaults.DPD_THRESHOLD_MIN, Defaults.DPD_THRESHOLD_MAX))),
            leaf("nat-keepalive", ValueType.range(1, 300)),
            flag("no-nat-traversal"),
            container("fragmentation",
                    flag("disable"),
                    leaf("size", ValueType.range(Defaults.FRAGMENT_SIZE_MIN, Defaults.FRAGMENT_SIZE_MAX))),
            retransmission());

    /** [edit security ike session]: the responder's defences of RFC 8019 (global, not per gateway). */
    private static final StatementDef IKE_SESSION = container("session",
            container("half-open",
                    leaf("timeout", ValueType.range(Defaults.HALF_OPEN_TIMEOUT_MIN, Defaults.HALF_OPEN_TIMEOUT_MAX)),
                    leaf("max-count", ValueType.range(1, Defaults.HALF_OPEN_MAX_COUNT_MAX)),
                    container("threshold",
                            leaf("send-cookie", ValueType.range(1, Defaults.HALF_OPEN_MAX_COUNT_MAX)),
                            named("reduce-timeout", ValueType.range(1, Defaults.HALF_OPEN_MAX_COUNT_MAX),
                                    leaf("timeout", ValueType.range(Defaults.HALF_OPEN_TIMEOUT_MIN,
                                            Defaults.HALF_OPEN_TIMEOUT_MAX)))),
                    flag("discard-duplicate"),
                    container("backoff-timeouts",
                            leaf("init-phase-failure", ValueType.range(Defaults.BACKOFF_MIN, Defaults.BACKOFF_MAX)),
                            leaf("auth-phase-failure", ValueType.range(Defaults.BACKOFF_MIN, Defaults.BACKOFF_MAX)))),
            container("full-open",
                    container("incoming-exchange-max-rates",
                            leaf("ike-rekey", ValueType.range(1, Defaults.EXCHANGE_RATE_MAX)),
                            leaf("ipsec-rekey", ValueType.range(1, Defaults.EXCHANGE_RATE_MAX)),
                            leaf("keepalive", ValueType.range(1, Defaults.EXCHANGE_RATE_MAX)))));

    /** [edit security ipsec proposal NAME] */
    private static final StatementDef IPSEC_PROPOSAL = named("proposal", ValueType.NAME,
            leaf("description", ValueType.STRING),
            leaf("protocol", ValueType.oneOf(java.util.List.of("esp"))),
            leaf("authentication-algorithm", ValueType.oneOf(IpsecAuthenticationAlgorithm.values())),
            leaf("encryption-algorithm", ValueType.oneOf(EncryptionAlgorithm.forIpsec())),
            leaf("lifetime-seconds", LIFETIME_SECONDS),
            leaf("lifetime-kilobytes",
                    ValueType.range(Defaults.LIFETIME_KILOBYTES_MIN, Defaults.LIFETIME_KILOBYTES_MAX)));

    /** [edit security ipsec policy NAME] */
    private static final StatementDef IPSEC_POLICY = named("policy", ValueType.NAME,
            leaf("description", ValueType.STRING),
            container("perfect-forward-secrecy",
                    leaf("keys", ValueType.oneOf(DhGroup.values()))),
            leafList("proposals", ValueType.NAME),
            leaf("proposal-set", ValueType.oneOf(ProposalSet.values())));

    /** [edit security ipsec vpn NAME] */
    private static final StatementDef IPSEC_VPN = named("vpn", ValueType.NAME,
            leaf("bind-interface", ValueType.ST0_UNIT),
            leaf("df-bit", ValueType.oneOf(DfBit.values())),
            container("ike",
                    leaf("gateway", ValueType.NAME),
                    flag("no-anti-replay"),
                    leaf("anti-replay-window-size",
                            ValueType.range(Defaults.REPLAY_WINDOW_MIN, Defaults.REPLAY_WINDOW_MAX)),
                    leaf("ipsec-policy", ValueType.NAME)),
            named("traffic-selector", ValueType.NAME,
                    leaf("local-ip", ValueType.PREFIX),
                    leaf("remote-ip", ValueType.PREFIX)),
            leaf("establish-tunnels", ValueType.oneOf(EstablishTunnels.values())));

    /** [edit interfaces st0]: the secure tunnel interface, one TUN device per unit. */
    private static final StatementDef INTERFACES = container("interfaces",
            container("st0",
                    named("unit", ValueType.range(0, Defaults.ST0_UNIT_MAX),
                            container("family",
                                    container("inet", named("address", ValueType.PREFIX),
                                            leaf("mtu", ValueType.range(Defaults.ST0_MTU_MIN, Defaults.ST0_MTU_MAX))),
                                    container("inet6", named("address", ValueType.PREFIX))))));

    /** [edit routing-options]: static routes into st0 units. */
    private static final StatementDef ROUTING_OPTIONS = container("routing-options",
            container("static",
                    named("route", ValueType.PREFIX,
                            leaf("next-hop", ValueType.ST0_UNIT))));

    /** The configuration root. */
    public static final StatementDef ROOT = container("",
            container("system",
                    leaf("host-name", ValueType.HOSTNAME)),
            INTERFACES,
            ROUTING_OPTIONS,
            container("security",
                    PKI,
                    container("ike", IKE_PROPOSAL, IKE_POLICY, IKE_GATEWAY, IKE_SESSION, IKE_BLOCKLISTS,
                            retransmission()),
                    container("ipsec", IPSEC_PROPOSAL, IPSEC_POLICY, IPSEC_VPN)));
}
