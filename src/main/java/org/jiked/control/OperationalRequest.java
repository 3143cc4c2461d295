package org.jiked.control;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the words of {@code jiked show ...}, {@code clear ...} or {@code request ...} into one
 * operational command line and the socket to send it to.
 *
 * <p>Options may stand anywhere among the words because no operational command word starts
 * with {@code --}; {@code --} ends option parsing for the odd argument that does.
 * {@code --json} exists because a bare {@code | display json} on a shell command line is a
 * shell pipe: it would have to be quoted.
 *
 * @param control     control socket path
 * @param commandLine the full command, e.g. {@code show security ike security-associations | display json}
 */
public record OperationalRequest(Path control, String commandLine) {
    private static final String DISPLAY_JSON = "| display json";

    /**
     * @param verb  {@code show}, {@code clear} or {@code request}
     * @param args  the words after the verb, options included
     * @param control the socket chosen by options before the verb (or the default)
     * @throws IllegalArgumentException on a malformed option
     */
    public static OperationalRequest parse(String verb, List<String> args, Path control) {
        List<String> words = new ArrayList<>();
        words.add(verb);
        boolean json = false;
        boolean optionsDone = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!optionsDone && a.equals("--")) {
                optionsDone = true;
            } else if (!optionsDone && a.equals("--control")) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("--control needs a socket path");
                }
                control = Path.of(args.get(++i));
            } else if (!optionsDone && a.startsWith("--control=")) {
                control = Path.of(a.substring("--control=".length()));
            } else if (!optionsDone && a.equals("--json")) {
                json = true;
            } else if (!optionsDone && a.startsWith("--")) {
                throw new IllegalArgumentException("unknown option " + a);
            } else if (!a.isBlank()) {
                words.add(a.strip());
            }
        }
        String line = String.join(" ", words);
        if (json && !line.replaceAll("\\s+", " ").endsWith(DISPLAY_JSON)) {
            line = line + " " + DISPLAY_JSON;
        }
        return new OperationalRequest(control, line);
    }
}
