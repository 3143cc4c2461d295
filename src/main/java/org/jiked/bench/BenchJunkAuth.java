package org.jiked.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.jiked.crypto.KeyExchanges;
import org.jiked.wire.ExchangeType;
import org.jiked.wire.IkeDecodeException;
import org.jiked.wire.IkeHeader;
import org.jiked.wire.IkeMessage;
import org.jiked.wire.IkeMessageCodec;
import org.jiked.wire.NotifyType;
import org.jiked.wire.PayloadType;
import org.jiked.wire.payload.EncryptedPayload;
import org.jiked.wire.payload.KePayload;
import org.jiked.wire.payload.NoncePayload;
import org.jiked.wire.payload.NotifyPayload;
import org.jiked.wire.payload.Payload;
import org.jiked.wire.payload.SaPayload;

/**
 * {@code jiked bench ike --junk-auth RATE}: the attack of RFC 8019 section 2 on valid SPIs. It
 * completes IKE_SA_INIT for a few SAs (answering a COOKIE when asked), so the responder holds
 * them half-open with their keys, and then sends COUNT IKE_AUTH requests at RATE per second on
 * those SPIs whose SK payload is random: the responder must check each ICV, and none may
 * verify, be answered, or cost it memory. Anything the responder sends back is counted.
 */
final class BenchJunkAuth {
    /** Octets of random IV, ciphertext and ICV in each junk SK payload: about an IKE_AUTH with a PSK. */
    static final int SK_BODY_LENGTH = 240;

    private final BenchOptions options;
    private final int rate;
    private final int sas;
    private long sent;
    private long answered;

    record Spis(long initiator, long responder) {}

    BenchJunkAuth(BenchOptions options, int rate, int sas) {
        this.options = options;
        this.rate = rate;
        this.sas = sas;
    }

    int run(PrintStream out) throws IOException, InterruptedException {
        SecureRandom random = new SecureRandom();
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.bind(new InetSocketAddress(options.source(), 0));
            ch.connect(options.target());
            ch.configureBlocking(false);
            List<Spis> open = new ArrayList<>();
            for (int i = 0; i < sas; i++) {
                Spis s = halfOpen(ch, random);
                if (s != null) {
                    open.add(s);
                }
            }
            if (open.isEmpty()) {
                out.println("no IKE_SA_INIT was answered: nothing to send junk IKE_AUTH on");
                return 1;
            }
            out.printf("%d half-open IKE SAs, sending %d junk IKE_AUTH requests at %d/s%n", open.size(),
                    options.count(), rate);
            ByteBuffer in = ByteBuffer.allocate(65_535);
            byte[] body = new byte[SK_BODY_LENGTH];
            PacedSend.run(options.count(), rate, options.progress(), n -> {
                random.nextBytes(body);
                Spis s = open.get(n % open.size());
                IkeHeader h = IkeHeader.of(s.initiator(), s.responder(), ExchangeType.IKE_AUTH, true, false, 1);
                ch.write(ByteBuffer.wrap(IkeMessageCodec.encode(h,
                        List.of(new EncryptedPayload(PayloadType.IDI, body)))));
                sent++;
            }, () -> drain(ch, in), nanos -> report(out, nanos));
            return 0;
        }
    }

    private void report(PrintStream out, long nanos) {
        out.printf("%5.1fs  junk IKE_AUTH sent %d  answered %d%n", nanos / 1e9, sent, answered);
    }

    private void drain(DatagramChannel ch, ByteBuffer in) throws IOException {
        for (int i = 0; i < 64; i++) {
            in.clear();
            if (ch.receive(in) == null) {
                return;
            }
            answered++;
        }
    }

    /** One IKE_SA_INIT, with a COOKIE retry when asked; the SPIs of the half-open SA, or null. */
    private Spis halfOpen(DatagramChannel ch, SecureRandom random) throws IOException, InterruptedException {
        long spi = random.nextLong() | 1;
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        byte[] kePublic = KeyExchanges.generate(options.ikeProposal().dhGroup(), random).publicValue();
        byte[] cookie = null;
        for (int attempt = 0; attempt < 4; attempt++) {
            List<Payload> payloads = new ArrayList<>();
            if (cookie != null) {
                payloads.add(NotifyPayload.of(NotifyType.COOKIE, cookie));
            }
            payloads.add(new SaPayload(List.of(options.ikeProposal().toProposal(1, new byte[0]))));
            payloads.add(new KePayload(options.ikeProposal().dhGroup(), kePublic));
            payloads.add(new NoncePayload(nonce));
            ch.write(ByteBuffer.wrap(IkeMessageCodec.encode(
                    IkeHeader.of(spi, 0, ExchangeType.IKE_SA_INIT, true, false, 0), payloads)));
            IkeMessage m = await(ch, spi);
            if (m == null) {
                continue;
            }
            var c = m.notify(NotifyType.COOKIE);
            if (c.isPresent()) {
                cookie = c.get().data();
                continue;
            }
            return m.first(KePayload.class).isPresent() ? new Spis(spi, m.header().responderSpi()) : null;
        }
        return null;
    }

    private static IkeMessage await(DatagramChannel ch, long spi) throws IOException, InterruptedException {
        ByteBuffer in = ByteBuffer.allocate(65_535);
        long end = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < end) {
            in.clear();
            if (ch.receive(in) == null) {
                Thread.sleep(1);
                continue;
            }
            in.flip();
            byte[] d = new byte[in.remaining()];
            in.get(d);
            try {
                IkeMessage m = IkeMessageCodec.decode(d);
                if (m.header().initiatorSpi() == spi) {
                    return m;
                }
            } catch (IkeDecodeException e) {
                // not an answer to us
            }
        }
        return null;
    }
}
