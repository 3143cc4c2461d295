package org.jiked.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jiked.config.model.IpPrefix;
import org.jiked.config.model.St0Unit;
import org.jiked.config.model.StaticRoute;
import org.jiked.config.parse.ConfigNode;

/** Builds and checks {@code [edit interfaces st0]} and {@code [edit routing-options static]}. */
final class InterfacesModelBuilder {
    private final BuildContext ctx;
    final Map<Integer, St0Unit> units = new LinkedHashMap<>();
    final List<StaticRoute> routes = new ArrayList<>();

    InterfacesModelBuilder(BuildContext ctx) {
        this.ctx = ctx;
    }

    void build(ConfigNode interfaces, ConfigNode routingOptions) {
        ConfigNode st0 = interfaces == null ? null : interfaces.child("st0");
        if (st0 != null) {
            for (ConfigNode u : st0.children("unit")) {
                St0Unit unit = unit(u);
                if (unit != null) {
                    units.put(unit.unit(), unit);
                }
            }
        }
        ConfigNode statics = routingOptions == null ? null : routingOptions.child("static");
        if (statics != null) {
            for (ConfigNode r : statics.children("route")) {
                StaticRoute route = route(r);
                if (route != null) {
                    routes.add(route);
                }
            }
        }
    }

    private St0Unit unit(ConfigNode u) {
        int number = Integer.parseInt(u.name());
        ConfigNode family = u.child("family");
        ConfigNode inet = family == null ? null : family.child("inet");
        ConfigNode inet6 = family == null ? null : family.child("inet6");
        if (inet == null && inet6 == null) {
            ctx.error(u, "missing 'family inet' or 'family inet6': a unit carries no traffic without a family");
            return null;
        }
        List<String> v4 = addresses(inet, true);
        List<String> v6 = addresses(inet6, false);
        if (v4 == null || v6 == null) {
            return null;
        }
        return new St0Unit(number, inet != null, inet6 != null, v4, v6);
    }

    private List<String> addresses(ConfigNode family, boolean ipv4) {
        List<String> out = new ArrayList<>();
        if (family == null) {
            return out;
        }
        boolean ok = true;
        for (ConfigNode a : family.children("address")) {
            IpPrefix p = IpPrefix.parse(a.name());
            if (p.isIpv4() != ipv4) {
                ctx.error(a, "address " + a.name() + " is not an " + (ipv4 ? "IPv4" : "IPv6") + " address; family "
                        + (ipv4 ? "inet" : "inet6") + " takes " + (ipv4 ? "IPv4" : "IPv6") + " addresses");
                ok = false;
            } else if (!a.name().contains("/")) {
                ctx.error(a, "address " + a.name() + " needs a prefix length, e.g. " + a.name() + (ipv4 ? "/30" : "/64"));
                ok = false;
            } else {
                out.add(a.name());
            }
        }
        return ok ? out : null;
    }

    private StaticRoute route(ConfigNode r) {
        ConfigNode hop = ctx.requiredChild(r, "next-hop", " (an st0 unit such as st0.0)");
        if (hop == null) {
            return null;
        }
        int unit = unitNumber(hop.value());
        if (!units.containsKey(unit)) {
            ctx.error(hop, "next-hop " + hop.value() + " is not configured; define 'interfaces st0 unit " + unit
                    + " family inet'");
            return null;
        }
        return new StaticRoute(IpPrefix.parse(r.name()), unit);
    }

    /** N of {@code st0.N} (the schema has checked the form). */
    static int unitNumber(String st0Unit) {
        return Integer.parseInt(st0Unit.substring(st0Unit.indexOf('.') + 1));
    }
}
