package org.jiked.daemon;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.jiked.control.ControlClient;
import org.jiked.control.ControlProtocol;
import org.jiked.control.ControlResponse;
import org.jiked.control.DaemonNotRunningException;
import org.jiked.control.OperationalRequest;

/** Entry point of {@code jiked}: dispatches the subcommand. */
public final class Main {
    /** Exit code for a command line we could not understand. */
    static final int USAGE = 2;

    static final String USAGE_TEXT = """
            usage: jiked [--control SOCKET] COMMAND [ARGS...]

            commands:
              daemon --config FILE [--control SOCKET] [--ike-threads N]
                                                       run the gateway, IKE on N threads (default:
                                                         one per core, or -Djiked.ike-threads=N)
              show WORDS...                            operational command, e.g.
                                                         jiked show security ike security-associations
              clear WORDS...                           clear SAs, e.g.
                                                         jiked clear security ike security-associations 192.0.2.2
              request WORDS...                         other operational requests
              config check FILE                        validate a configuration file
              demo                                     two gateways and a tunnel in network namespaces (root)
              bench ike --target ADDRESS [OPTIONS]     load generator: many IKEv2 initiators ('bench ike --help')
              version                                  print the version
              help                                     print this text

            options of show, clear and request (anywhere among the words):
              --control SOCKET  the daemon's control socket (default %s)
              --json            same as ending the command with '| display json'
            """.formatted(ControlProtocol.DEFAULT_SOCKET);

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command line; returns the exit code instead of exiting, for tests. */
    static int run(String[] argv, PrintStream out, PrintStream err) {
        List<String> args = Arrays.asList(argv);
        Path control = ControlProtocol.DEFAULT_SOCKET;
        int i = 0;
        // Options before the command word.
        while (i < args.size() && args.get(i).startsWith("--")) {
            String a = args.get(i);
            if (a.equals("--control") && i + 1 < args.size()) {
                control = Path.of(args.get(i + 1));
                i += 2;
            } else if (a.startsWith("--control=")) {
                control = Path.of(a.substring("--control=".length()));
                i++;
            } else if (a.equals("--help")) {
                out.print(USAGE_TEXT);
                return 0;
            } else if (a.equals("--version")) {
                return version(out);
            } else {
                return usageError(err, "unknown option " + a);
            }
        }
        if (i >= args.size()) {
            err.print(USAGE_TEXT);
            return USAGE;
        }
        String command = args.get(i);
        List<String> rest = args.subList(i + 1, args.size());
        return switch (command) {
            case "daemon" -> daemon(rest, control, err);
            case "show", "clear", "request" -> operational(command, rest, control, out, err);
            case "config" -> config(rest, err);
            case "bench" -> bench(rest, out, err);
            case "demo" -> rest.isEmpty() ? Demo.run() : usageError(err, "demo takes no arguments");
            case "version" -> version(out);
            case "help", "-h" -> {
                out.print(USAGE_TEXT);
                yield 0;
            }
            default -> usageError(err, "unknown command '" + command + "'");
        };
    }

    private static int daemon(List<String> args, Path control, PrintStream err) {
        Path config = null;
        int ikeThreads = defaultIkeThreads();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if ((a.equals("--config") || a.equals("--control")) && i + 1 >= args.size()) {
                return usageError(err, a + " needs a path");
            }
            switch (a) {
                case "--config" -> config = Path.of(args.get(++i));
                case "--control" -> control = Path.of(args.get(++i));
                case "--ike-threads" -> {
                    ikeThreads = i + 1 < args.size() ? ikeThreads(args.get(++i)) : 0;
                    if (ikeThreads == 0) {
                        return usageError(err, "--ike-threads needs a number from 1 to " + ShardSpis.MAX_SHARDS);
                    }
                }
                default -> {
                    return usageError(err, "daemon: unexpected argument '" + a + "'");
                }
            }
        }
        if (config == null) {
            return usageError(err, "daemon needs --config FILE");
        }
        return GatewayDaemon.run(config, control, ikeThreads);
    }

    /** {@code -Djiked.ike-threads=N}, else one IKE thread per core the process may run on. */
    static int defaultIkeThreads() {
        String p = System.getProperty("jiked.ike-threads");
        int n = p == null ? 0 : ikeThreads(p);
        return n > 0 ? n : Math.min(Runtime.getRuntime().availableProcessors(), ShardSpis.MAX_SHARDS);
    }

    /** The number in {@code text} if it is a valid thread count, else 0. */
    private static int ikeThreads(String text) {
        try {
            int n = Integer.parseInt(text.trim());
            return n >= 1 && n <= ShardSpis.MAX_SHARDS ? n : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int operational(String verb, List<String> args, Path control, PrintStream out, PrintStream err) {
        OperationalRequest req;
        try {
            req = OperationalRequest.parse(verb, args, control);
        } catch (IllegalArgumentException e) {
            return usageError(err, e.getMessage());
        }
        ControlResponse r;
        try {
            r = ControlClient.send(req.control(), req.commandLine());
        } catch (DaemonNotRunningException e) {
            err.println(e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("jiked: cannot talk to the daemon at " + req.control() + ": " + e.getMessage());
            return 1;
        }
        PrintStream to = r.isOk() ? out : err;
        to.print(r.body());
        if (!r.body().isEmpty() && !r.body().endsWith("\n")) {
            to.println();
        }
        to.flush();
        return r.isOk() ? 0 : 1;
    }

    private static int config(List<String> args, PrintStream err) {
        if (args.size() == 2 && args.get(0).equals("check")) {
            // also reads the certificate and key files, as the daemon would at start
            return org.jiked.config.ConfigCheck.run(Path.of(args.get(1)), EngineConfigs::checkFiles);
        }
        return usageError(err, "usage: jiked config check FILE");
    }

    private static int bench(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || !args.getFirst().equals("ike")) {
            return usageError(err, "usage: jiked bench ike --target ADDRESS [OPTIONS]");
        }
        return org.jiked.bench.BenchIke.run(args.subList(1, args.size()), out, err);
    }

    private static int version(PrintStream out) {
        // Filled in from the jar manifest by Maven; absent when run from classes (tests, IDE).
        String v = Main.class.getPackage().getImplementationVersion();
        out.println("jiked " + (v == null ? "(development build)" : v));
        return 0;
    }

    private static int usageError(PrintStream err, String message) {
        err.println("jiked: " + message);
        err.println("run 'jiked help' for usage");
        return USAGE;
    }
}
