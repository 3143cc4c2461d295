package org.jiked.testing;

import java.util.ArrayList;
import java.util.List;

/** Writes a one-gateway, one-VPN site-to-site configuration in {@code set} form for tests. */
public final class JunosConfig {
    private final List<String> lines = new ArrayList<>();
    private String ikeEncryption = "aes-256-gcm";
    private String ikeAuth = "sha-256";
    private String dhGroup = "group31";
    private String espEncryption = "aes-256-gcm";
    private String espAuth;
    private String pfs;
    private String psk = "interop-psk-0123456789";
    private String establish = "immediately";
    private final List<String[]> selectors = new ArrayList<>();
    private String local;
    private final List<String> gatewayExtra = new ArrayList<>();
    private String remote;
    private final List<String> extra = new ArrayList<>();

    public static JunosConfig site(String localAddress, String remoteAddress) {
        JunosConfig c = new JunosConfig();
        c.local = localAddress;
        c.remote = remoteAddress;
        return c;
    }

    public JunosConfig ike(String encryption, String authentication, String group) {
        ikeEncryption = encryption;
        ikeAuth = authentication;
        dhGroup = group;
        return this;
    }

    public JunosConfig esp(String encryption, String authentication) {
        espEncryption = encryption;
        espAuth = authentication;
        return this;
    }

    public JunosConfig pfs(String group) {
        pfs = group;
        return this;
    }

    public JunosConfig psk(String key) {
        psk = key;
        return this;
    }

    public JunosConfig establish(String how) {
        establish = how;
        return this;
    }

    /** {@code dead-peer-detection MODE interval N threshold N} on the gateway. */
    public JunosConfig deadPeerDetection(String mode, int interval, int threshold) {
        gatewayExtra.add("security ike gateway gw dead-peer-detection " + mode);
        gatewayExtra.add("security ike gateway gw dead-peer-detection interval " + interval);
        gatewayExtra.add("security ike gateway gw dead-peer-detection threshold " + threshold);
        return this;
    }

    /** {@code local-identity FORM} and {@code remote-identity FORM}, e.g. {@code "hostname a.example.net"}. */
    public JunosConfig identities(String local, String remote) {
        gatewayExtra.add("security ike gateway gw local-identity " + local);
        gatewayExtra.add("security ike gateway gw remote-identity " + remote);
        return this;
    }

    /** {@code fragmentation disable} on the gateway. */
    public JunosConfig fragmentDisable() {
        gatewayExtra.add("security ike gateway gw fragmentation disable");
        return this;
    }

    public JunosConfig trafficSelector(String name, String localIp, String remoteIp) {
        selectors.add(new String[] {name, localIp, remoteIp});
        return this;
    }

    /**
     * Makes the VPN route-based: {@code st0.0} (family inet, and inet6 when a route is IPv6),
     * {@code bind-interface st0.0} and a static route into it for each of {@code routes}.
     */
    public JunosConfig routeBased(String... routes) {
        extra.add("interfaces st0 unit 0 family inet");
        for (String r : routes) {
            if (r.contains(":") && !extra.contains("interfaces st0 unit 0 family inet6")) {
                extra.add("interfaces st0 unit 0 family inet6");
            }
            extra.add("routing-options static route " + r + " next-hop st0.0");
        }
        extra.add("security ipsec vpn vpn1 bind-interface st0.0");
        return this;
    }

    /** Any further statement, without the leading {@code set}. */
    public JunosConfig set(String statement) {
        extra.add(statement);
        return this;
    }

    public String text() {
        lines.clear();
        add("security ike proposal ike-p authentication-method pre-shared-keys");
        add("security ike proposal ike-p dh-group " + dhGroup);
        add("security ike proposal ike-p authentication-algorithm " + ikeAuth);
        add("security ike proposal ike-p encryption-algorithm " + ikeEncryption);
        add("security ike policy ike-pol proposals ike-p");
        add("security ike policy ike-pol pre-shared-key ascii-text \"" + psk + "\"");
        add("security ike gateway gw ike-policy ike-pol");
        add("security ike gateway gw address " + remote);
        add("security ike gateway gw local-address " + local);
        add("security ike gateway gw version v2-only");
        gatewayExtra.forEach(this::add);
        add("security ipsec proposal esp-p protocol esp");
        add("security ipsec proposal esp-p encryption-algorithm " + espEncryption);
        if (espAuth != null) {
            add("security ipsec proposal esp-p authentication-algorithm " + espAuth);
        }
        add("security ipsec policy ipsec-pol proposals esp-p");
        if (pfs != null) {
            add("security ipsec policy ipsec-pol perfect-forward-secrecy keys " + pfs);
        }
        add("security ipsec vpn vpn1 ike gateway gw");
        add("security ipsec vpn vpn1 ike ipsec-policy ipsec-pol");
        for (String[] ts : selectors) {
            add("security ipsec vpn vpn1 traffic-selector " + ts[0] + " local-ip " + ts[1]);
            add("security ipsec vpn vpn1 traffic-selector " + ts[0] + " remote-ip " + ts[2]);
        }
        add("security ipsec vpn vpn1 establish-tunnels " + establish);
        extra.forEach(this::add);
        return String.join("\n", lines) + "\n";
    }

    private void add(String line) {
        lines.add("set " + line);
    }
}
