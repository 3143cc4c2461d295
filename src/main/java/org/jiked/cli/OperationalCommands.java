package org.jiked.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Junos-style operational commands jiked answers: the words of one command line are matched
 * against the known commands (a unique prefix of each word is enough, as in the Junos CLI) and the
 * result is rendered as text or, after {@code | display json}, as JSON.
 */
public final class OperationalCommands {
    /** The answer to one command: text for the user, and whether it was an error. */
    public record Result(boolean ok, String body) {
        static Result error(String message) {
            return new Result(false, "error: " + message + "\n");
        }
    }

    private static final List<List<String>> COMMANDS = List.of(
            List.of("show", "security", "ike", "security-associations"),
            List.of("show", "security", "ipsec", "security-associations"),
            List.of("show", "security", "ike", "stats"),
            List.of("show", "security", "ike", "active-peer"),
            List.of("show", "security", "ike", "peers"),
            List.of("clear", "security", "ike", "peers", "backoff"),
            List.of("clear", "security", "ike", "peers", "failed"),
            List.of("show", "security", "ipsec", "statistics"),
            List.of("show", "configuration"),
            List.of("show", "security", "pki", "ca-certificate"),
            List.of("show", "security", "pki", "local-certificate"),
            List.of("show", "security", "pki", "crl"),
            List.of("request", "security", "pki", "crl", "load"),
            List.of("request", "security", "ike", "pre-shared-key"),
            List.of("request", "security", "pki", "ca-certificate", "load"),
            List.of("request", "security", "pki", "local-certificate", "load"),
            List.of("clear", "security", "ike", "security-associations"),
            List.of("clear", "security", "ipsec", "security-associations"));

    private final GatewayOperations gateway;

    public OperationalCommands(GatewayOperations gateway) {
        this.gateway = gateway;
    }

    public Result execute(String commandLine) {
        String line = commandLine.strip();
        boolean json = false;
        boolean setForm = false;
        int pipe = line.indexOf('|');
        if (pipe >= 0) {
            String filter = line.substring(pipe + 1).strip().replaceAll("\\s+", " ");
            line = line.substring(0, pipe).strip();
            if (filter.equals("display json")) {
                json = true;
            } else if (filter.equals("display set")) {
                setForm = true;
            } else {
                return Result.error("unsupported pipe '| " + filter + "'; expected one of: display json, display set");
            }
        }
        List<String> words = new ArrayList<>(Arrays.asList(line.split("\\s+")));
        if (words.isEmpty() || words.getFirst().isEmpty()) {
            return Result.error("empty command");
        }
        List<String> command = null;
        for (List<String> c : COMMANDS) {
            if (matches(c, words)) {
                command = c;
                break;
            }
        }
        if (command == null) {
            return Result.error("unknown command '" + line + "'; expected one of: " + String.join(", ",
                    COMMANDS.stream().map(c -> String.join(" ", c)).toList()));
        }
        List<String> rest = words.subList(command.size(), words.size());
        String key = String.join(" ", command);
        try {
            return switch (key) {
                case "show security ike security-associations" -> showIke(rest, json);
                case "show security ipsec security-associations" -> showIpsec(rest, json);
                case "show security ike peers" -> showPeers(rest, json);
                case "clear security ike peers failed" -> noArgs(rest)
                        ? clearedFailed(gateway.clearIkeFailedPeers(), json)
                        : Result.error("unexpected '" + String.join(" ", rest) + "'");
                case "clear security ike peers backoff" -> noArgs(rest)
                        ? clearedBackoffs(gateway.clearIkePeerBackoffs(), json)
                        : Result.error("unexpected '" + String.join(" ", rest) + "'");
                case "show security ike active-peer" -> noArgs(rest)
                        ? ok(json ? ActivePeerView.json(gateway.ikeSas()) : ActivePeerView.text(gateway.ikeSas()))
                        : Result.error("unexpected '" + String.join(" ", rest) + "'");
                case "show security ike stats" -> noArgs(rest) ? ok(json ? IkeStatsView.json(gateway.ikeStats())
                        : IkeStatsView.text(gateway.ikeStats())) : Result.error("unexpected '" + rest + "'");
                case "show security ipsec statistics" -> noArgs(rest)
                        ? ok(json ? IpsecStatsView.json(gateway.ipsecStatistics())
                        : IpsecStatsView.text(gateway.ipsecStatistics())) : Result.error("unexpected '" + rest + "'");
                case "show configuration" -> rest.isEmpty() ? ok(json ? Json.write(
                        java.util.Map.of("configuration", gateway.configuration(false)))
                        : gateway.configuration(setForm)) : Result.error("unexpected '" + String.join(" ", rest) + "'");
                case "show security pki ca-certificate" -> showPki(rest, json, "ca-profile", "CA certificates");
                case "show security pki local-certificate" -> showPki(rest, json, "certificate-id", "Local certificates");
                case "show security pki crl" -> showPki(rest, json, "ca-profile", "CRLs");
                case "request security pki crl load" -> loadCrl(rest);
                case "request security ike pre-shared-key" -> seededPreSharedKey(rest, json);
                case "request security pki ca-certificate load" -> load(rest, List.of("ca-profile", "filename"), List.of(),
                        a -> gateway.pki().loadCaCertificate(a.get("ca-profile"), java.nio.file.Path.of(a.get("filename"))),
                        "CA certificate for CA profile");
                case "request security pki local-certificate load" -> load(rest,
                        List.of("certificate-id", "filename", "key"), List.of("passphrase"),
                        a -> gateway.pki().loadLocalCertificate(a.get("certificate-id"),
                                java.nio.file.Path.of(a.get("filename")), java.nio.file.Path.of(a.get("key")),
                                a.containsKey("passphrase") ? a.get("passphrase").toCharArray() : null),
                        "local certificate");
                case "clear security ike security-associations" -> clearIke(rest, json);
                case "clear security ipsec security-associations" -> noArgs(rest)
                        ? cleared(gateway.clearIpsecSas(), "IPsec", json) : Result.error("unexpected arguments");
                default -> Result.error("unknown command");
            };
        } catch (IllegalArgumentException e) {
            return Result.error(e.getMessage());
        }
    }

    private static boolean noArgs(List<String> rest) {
        return rest.isEmpty();
    }

    private static Result ok(String body) {
        return new Result(true, body);
    }

    private Result showIke(List<String> rest, boolean json) {
        boolean detail = false;
        InetAddress peer = null;
        for (String w : rest) {
            if ("detail".startsWith(w) && w.length() >= 3) {
                detail = true;
            } else {
                peer = address(w);
            }
        }
        var sas = gateway.ikeSas();
        if (peer != null) {
            InetAddress p = peer;
            sas = sas.stream().filter(s -> s.remote().getAddress().equals(p)).toList();
        }
        if (json) {
            return ok(IkeSaView.json(sas));
        }
        return ok(detail ? IkeSaView.detail(sas) : IkeSaView.brief(sas));
    }

    private static Result clearedBackoffs(int n, boolean json) {
        return ok(json ? Json.write(java.util.Map.of("cleared", n, "type", "peer backoff"))
                : "Cleared the backoff of " + n + " peer" + (n == 1 ? "" : "s") + "\n");
    }

    private static Result clearedFailed(int n, boolean json) {
        return ok(json ? Json.write(java.util.Map.of("cleared", n, "type", "failed peer"))
                : "Cleared " + n + " failed peer negotiation" + (n == 1 ? "" : "s") + "\n");
    }

    private Result showPeers(List<String> rest, boolean json) {
        List<String> kinds = List.of("in-progress", "backoff", "blocked", "failed");
        if (rest.size() != 1 || !kinds.contains(rest.getFirst())) {
            return Result.error("expected one of: " + String.join(", ", kinds));
        }
        if (rest.getFirst().equals("failed")) {
            var failed = gateway.ikeFailedPeers();
            return ok(json ? FailedPeerView.json(failed) : FailedPeerView.text(failed));
        }
        var peers = gateway.ikePeers(rest.getFirst());
        if (json) {
            return ok(Json.write(java.util.Map.of("ike-peers", peers.stream().map(p -> {
                java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("remote-address", p.address());
                m.put("port", p.port());
                m.put("gateway", p.gateway());
                m.put("state", p.state());
                m.put("reason", p.reason());
                m.put("seconds", p.remainingSeconds());
                return (Object) m;
            }).toList())));
        }
        StringBuilder sb = new StringBuilder(String.format("%-40s%-7s%-12s%-10s%-28s%s%n", "Remote Address", "Port",
                "Gateway", "State", "Reason", rest.getFirst().equals("in-progress") ? "Age (s)" : "Remaining (s)"));
        for (var p : peers) {
            sb.append(String.format("%-40s%-7s%-12s%-10s%-28s%d%n", p.address(), p.port() == 0 ? "-" : p.port(),
                    p.gateway().isEmpty() ? "-" : p.gateway(), p.state(), p.reason(), p.remainingSeconds()));
        }
        sb.append(String.format("%nTotal: %d%n", peers.size()));
        return ok(sb.toString());
    }

    private Result showIpsec(List<String> rest, boolean json) {
        boolean detail = false;
        for (String w : rest) {
            if ("detail".startsWith(w) && w.length() >= 3) {
                detail = true;
            } else {
                return Result.error("unexpected '" + w + "'; expected: detail");
            }
        }
        var sas = gateway.ikeSas();
        if (json) {
            return ok(IpsecSaView.json(sas));
        }
        return ok(detail ? IpsecSaView.detail(sas) : IpsecSaView.brief(sas));
    }

    /** {@code [ca-profile NAME | certificate-id NAME] [detail]}. */
    private Result showPki(List<String> rest, boolean json, String selector, String title) {
        boolean detail = false;
        String only = null;
        for (int i = 0; i < rest.size(); i++) {
            String w = rest.get(i);
            if ("detail".startsWith(w) && w.length() >= 3) {
                detail = true;
            } else if (selector.startsWith(w) && w.length() >= 2 && i + 1 < rest.size()) {
                only = rest.get(++i);
            } else {
                return Result.error("unexpected '" + w + "'; expected: " + selector + " NAME, detail");
            }
        }
        var pki = gateway.pki();
        var items = switch (title) {
            case "CA certificates" -> PkiView.caCertificates(pki, only, detail);
            case "Local certificates" -> PkiView.localCertificates(pki, only, detail);
            default -> PkiView.crls(pki, only, detail);
        };
        String key = title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
        return ok(json ? Json.write(java.util.Map.of(key, items)) : PkiView.text(title, items));
    }

    /**
     * {@code request security ike pre-shared-key user-id ID (ike-policy NAME | master-key TEXT)}:
     * the key an initiator with IKE ID {@code ID} needs for a policy with
     * {@code seeded-pre-shared-key}, from that policy's seed or from a seed given as text.
     */
    private Result seededPreSharedKey(List<String> rest, boolean json) {
        java.util.Map<String, String> args = new java.util.LinkedHashMap<>();
        String usage = "expected: user-id ID (ike-policy NAME | master-key TEXT)";
        for (int i = 0; i + 1 < rest.size(); i += 2) {
            String key = rest.get(i);
            if (!List.of("user-id", "ike-policy", "master-key").contains(key) || args.put(key, rest.get(i + 1)) != null) {
                return Result.error("unexpected '" + key + "'; " + usage);
            }
        }
        if (rest.size() % 2 != 0 || !args.containsKey("user-id")
                || args.containsKey("ike-policy") == args.containsKey("master-key")) {
            return Result.error(usage);
        }
        String userId = args.get("user-id");
        String key = args.containsKey("master-key")
                ? org.jiked.ike.SeededPreSharedKey.text(
                        args.get("master-key").getBytes(java.nio.charset.StandardCharsets.UTF_8), userId)
                : gateway.seededPreSharedKey(args.get("ike-policy"), userId);
        if (json) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("user-id", userId);
            m.put("pre-shared-key", key);
            return ok(Json.write(java.util.Map.of("seeded-pre-shared-key", m)));
        }
        return ok("Pre-shared key for user-id " + userId + ": " + key + "\n");
    }

    private Result loadCrl(List<String> rest) {
        return load(rest, List.of("ca-profile", "filename"), List.of(),
                a -> gateway.pki().loadCrl(a.get("ca-profile"), java.nio.file.Path.of(a.get("filename"))),
                "CRL for CA profile");
    }

    /** A request's action on its {@code keyword value} arguments. */
    private interface LoadAction {
        void run(java.util.Map<String, String> arguments) throws java.io.IOException;
    }

    /**
     * {@code request security pki ... load} with {@code keyword value} pairs in any order, as Junos
     * takes them: every required keyword once, optional ones at most once.
     */
    private Result load(List<String> rest, List<String> required, List<String> optional, LoadAction action,
                        String what) {
        java.util.Map<String, String> args = new java.util.LinkedHashMap<>();
        String usage = "expected: " + String.join(" ", required.stream().map(k -> k + " " + k.toUpperCase(
                java.util.Locale.ROOT).replace('-', '_')).toList())
                + optional.stream().map(k -> " [" + k + " " + k.toUpperCase(java.util.Locale.ROOT) + "]")
                .reduce("", String::concat);
        for (int i = 0; i + 1 < rest.size(); i += 2) {
            String key = rest.get(i);
            if ((!required.contains(key) && !optional.contains(key)) || args.put(key, rest.get(i + 1)) != null) {
                return Result.error("unexpected '" + key + "'; " + usage);
            }
        }
        if (rest.size() % 2 != 0 || !args.keySet().containsAll(required)) {
            return Result.error(usage);
        }
        try {
            action.run(args);
        } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
            return Result.error(what + " not loaded: " + e.getMessage());
        }
        return ok(what + " " + args.get(required.getFirst()) + " loaded successfully\n");
    }

    private Result clearIke(List<String> rest, boolean json) {
        if (rest.size() > 1) {
            return Result.error("expected at most one peer address");
        }
        InetAddress peer = rest.isEmpty() ? null : address(rest.getFirst());
        return cleared(gateway.clearIkeSas(peer), "IKE", json);
    }

    private static Result cleared(int n, String what, boolean json) {
        if (json) {
            return ok(Json.write(java.util.Map.of("cleared", n, "type", what)));
        }
        return ok(n == 0 ? "No " + what + " security associations to clear\n"
                : "Cleared " + n + " " + what + " security association" + (n == 1 ? "" : "s") + "\n");
    }

    private static InetAddress address(String w) {
        if (!w.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("'" + w + "' is not an IP address");
        }
        try {
            return InetAddress.getByName(w);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + w + "' is not an IP address");
        }
    }

    /** Each word may be a unique prefix of the command word, as in the Junos CLI. */
    private static boolean matches(List<String> command, List<String> words) {
        if (words.size() < command.size()) {
            return false;
        }
        for (int i = 0; i < command.size(); i++) {
            String w = words.get(i);
            if (!command.get(i).startsWith(w) || (w.length() < command.get(i).length() && w.length() < 2)) {
                return false;
            }
        }
        return true;
    }
}
