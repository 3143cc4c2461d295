package org.jiked.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jiked.child.TrafficSelector;
import org.jiked.ike.ChildProposalSpec;
import org.jiked.ike.IkeProposalSpec;

/**
 * The command line of {@code jiked bench ike}.
 *
 * @param target the responder (port 500 unless given; 4500 adds the non-ESP marker)
 * @param source the local address to send from, or null for the wildcard
 * @param count how many IKE SAs to set up in all
 * @param concurrency how many setups are under way at once
 * @param threads sender threads, each with its own socket and so its own source port
 * @param child whether IKE_AUTH also negotiates a CHILD_SA
 * @param identityFormat the FQDN of initiator {@code %d}
 * @param localPrefix initiator {@code i} proposes TSi = the i-th /128 of this prefix
 * @param timeoutMillis a setup that takes longer counts as failed ("timeout")
 * @param progress print a progress line every second
 * @param floodRate with {@code --flood}: IKE_SA_INIT requests per second, never completed; 0 otherwise
 * @param sourcePorts with {@code --flood}: how many source ports the requests come from
 * @param junkAuthRate with {@code --junk-auth}: junk IKE_AUTH requests per second on valid SPIs; 0 otherwise
 * @param junkAuthSas with {@code --junk-auth}: how many half-open SAs the junk is spread over
 * @param pskSeed {@code --seeded-psk}: each initiator's key is derived from it and its ID, as a
 *     responder with {@code seeded-pre-shared-key} does; null to use {@code --psk} for all
 * @param credential {@code --cert}/{@code --key}/{@code --ca}: every initiator signs with this
 *     certificate instead of using a pre-shared key; null for pre-shared keys
 * @param dnIdentity with a certificate and no {@code --id}: the IKE ID is the certificate's
 *     subject DN; otherwise {@code --id} (an FQDN, or an RFC 822 address when it holds an @)
 * @param rekeyChild after the setup, rekey the CHILD_SA this many times (CREATE_CHILD_SA, then
 *     the old CHILD_SA's Delete)
 * @param rekeyIke then rekey the IKE SA this many times (CREATE_CHILD_SA, then the old IKE SA's Delete)
 */
record BenchOptions(InetSocketAddress target, InetAddress source, int count, int concurrency, int threads,
                    IkeProposalSpec ikeProposal, ChildProposalSpec espProposal, byte[] psk, boolean child,
                    String identityFormat, TrafficSelector localPrefix, TrafficSelector remoteSelectorValue,
                    long timeoutMillis, boolean progress, int floodRate, int sourcePorts,
                    int junkAuthRate, int junkAuthSas, byte[] pskSeed, BenchCredential credential,
                    boolean dnIdentity, int rekeyChild, int rekeyIke) {

    static final String USAGE = """
            usage: jiked bench ike --target ADDRESS[:PORT] [options]
              --count N              IKE SAs to set up in all (default 1000)
              --concurrency N        setups under way at once (default 100)
              --threads N            sender threads, one source port each (default 1)
              --source ADDRESS       local address to send from
              --proposal P           IKE proposal, strongSwan notation (default aes128gcm16-prfsha256-x25519)
              --esp P                ESP proposal (default aes128gcm16)
              --psk TEXT             pre-shared key (default jiked-bench)
              --seeded-psk SEED      each initiator's key derived from SEED and its ID (seeded-pre-shared-key)
              --no-child             IKE SAs only, no CHILD_SA in IKE_AUTH
              --cert FILE            authenticate with this certificate (PEM or DER; RSA or ECDSA),
                                     the same for all initiators; intermediates may follow it in FILE
              --key FILE             its private key (PEM or DER, unencrypted)
              --ca FILE              CA the responder's certificate must chain to (repeatable);
                                     named in CERTREQ
              --id FORMAT            initiator identity, %d is its number (default bench-%d.example.net;
                                     with --cert the certificate's DN, else FORMAT must be a SAN)
              --rekey-child N        after each setup, rekey its CHILD_SA N times
              --rekey-ike N          then rekey its IKE SA N times
              --ts-local PREFIX      initiator i proposes the i-th /128 of it (default 2001:db8:1::/64)
              --ts-remote PREFIX     TSr (default 2001:db8:2::/64)
              --timeout SECONDS      a setup slower than this fails (default 10)
              --quiet                no progress line
              --flood RATE           half-open flood: COUNT IKE_SA_INIT at RATE/s, never completed
              --source-ports N       with --flood: spread over N source ports (default 64)
              --junk-auth RATE       junk on valid SPIs: COUNT IKE_AUTH with a random SK payload at RATE/s
              --junk-sas N           with --junk-auth: half-open SAs to send them on (default 8)
            """;

    TrafficSelector localSelector(int index) {
        return BenchInitiator.hostIn(localPrefix, index);
    }

    TrafficSelector remoteSelector() {
        return remoteSelectorValue;
    }

    static BenchOptions parse(List<String> args) {
        InetSocketAddress target = null;
        InetAddress source = null;
        int count = 1000;
        int concurrency = 100;
        int threads = 1;
        String proposal = "aes128gcm16-prfsha256-x25519";
        String esp = "aes128gcm16";
        String psk = "jiked-bench";
        String seed = null;
        boolean child = true;
        String id = null;
        String cert = null;
        String key = null;
        List<String> caFiles = new java.util.ArrayList<>();
        int rekeyChild = 0;
        int rekeyIke = 0;
        String tsLocal = "2001:db8:1::/64";
        String tsRemote = "2001:db8:2::/64";
        long timeout = 10_000;
        boolean progress = true;
        int floodRate = 0;
        int sourcePorts = 64;
        int junkAuthRate = 0;
        int junkAuthSas = 8;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--no-child")) {
                child = false;
                continue;
            }
            if (a.equals("--quiet")) {
                progress = false;
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(a.startsWith("--") ? a + " needs a value" : "unexpected " + a);
            }
            String v = args.get(++i);
            switch (a) {
                case "--target" -> target = endpoint(v);
                case "--source" -> source = InetAddress.ofLiteral(v);
                case "--count" -> count = positive(a, v);
                case "--concurrency" -> concurrency = positive(a, v);
                case "--threads" -> threads = positive(a, v);
                case "--proposal" -> proposal = v;
                case "--esp" -> esp = v;
                case "--psk" -> psk = v;
                case "--seeded-psk" -> seed = v;
                case "--cert" -> cert = v;
                case "--key" -> key = v;
                case "--ca" -> caFiles.add(v);
                case "--rekey-child" -> rekeyChild = positive(a, v);
                case "--rekey-ike" -> rekeyIke = positive(a, v);
                case "--id" -> id = v;
                case "--ts-local" -> tsLocal = v;
                case "--ts-remote" -> tsRemote = v;
                case "--timeout" -> timeout = positive(a, v) * 1000L;
                case "--flood" -> floodRate = positive(a, v);
                case "--source-ports" -> sourcePorts = positive(a, v);
                case "--junk-auth" -> junkAuthRate = positive(a, v);
                case "--junk-sas" -> junkAuthSas = positive(a, v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (target == null) {
            throw new IllegalArgumentException("--target is required");
        }
        if ((cert == null) != (key == null) || (cert == null && !caFiles.isEmpty())) {
            throw new IllegalArgumentException("--cert and --key go together (and --ca needs them)");
        }
        if (rekeyChild > 0 && !child) {
            throw new IllegalArgumentException("--rekey-child needs a CHILD_SA (drop --no-child)");
        }
        BenchCredential credential = null;
        if (cert != null) {
            try {
                credential = BenchCredential.load(java.nio.file.Path.of(cert), java.nio.file.Path.of(key),
                        caFiles.stream().map(java.nio.file.Path::of).toList());
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("--cert " + cert + " / --key " + key + ": " + e.getMessage());
            }
        }
        boolean dnIdentity = credential != null && id == null;
        if (id == null) {
            id = "bench-%d.example.net";
        }
        return new BenchOptions(target, source, count, Math.min(concurrency, count), Math.min(threads, concurrency),
                BenchProposals.ike(proposal), BenchProposals.esp(esp), psk.getBytes(StandardCharsets.UTF_8), child,
                id, prefix(tsLocal), prefix(tsRemote), timeout, progress, floodRate, sourcePorts,
                junkAuthRate, junkAuthSas, seed == null ? null : seed.getBytes(StandardCharsets.UTF_8), credential,
                dnIdentity, rekeyChild, rekeyIke);
    }

    private static int positive(String option, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a positive number, not '" + v + "'");
    }

    private static InetSocketAddress endpoint(String v) {
        // ADDRESS, ADDRESS:PORT, [IPV6]:PORT or a bare IPv6 address
        if (v.startsWith("[")) {
            int end = v.indexOf(']');
            int port = v.length() > end + 2 ? Integer.parseInt(v.substring(end + 2)) : 500;
            return new InetSocketAddress(InetAddress.ofLiteral(v.substring(1, end)), port);
        }
        int colon = v.lastIndexOf(':');
        if (colon > 0 && v.indexOf(':') == colon) {
            return new InetSocketAddress(InetAddress.ofLiteral(v.substring(0, colon)),
                    Integer.parseInt(v.substring(colon + 1)));
        }
        return new InetSocketAddress(InetAddress.ofLiteral(v), 500);
    }

    private static TrafficSelector prefix(String v) {
        int slash = v.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("traffic selector " + v + " needs a prefix length");
        }
        return TrafficSelector.ofPrefix(InetAddress.ofLiteral(v.substring(0, slash)),
                Integer.parseInt(v.substring(slash + 1)));
    }
}
