package org.jiked.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jiked.crypto.KeyExchanges;
import org.jiked.wire.ExchangeType;
import org.jiked.wire.IkeDecodeException;
import org.jiked.wire.IkeHeader;
import org.jiked.wire.IkeMessage;
import org.jiked.wire.IkeMessageCodec;
import org.jiked.wire.NotifyType;
import org.jiked.wire.payload.KePayload;
import org.jiked.wire.payload.NoncePayload;
import org.jiked.wire.payload.SaPayload;

/**
 * {@code jiked bench ike --flood RATE}: the half-open attack of RFC 8019 section 2. IKE_SA_INIT
 * requests with fresh SPIs and nonces from many source ports (one socket each), never
 * completed and never returning a cookie, at RATE per second; one key pair is reused, as an
 * attacker would, so the generator spends nothing on DH. Answers are counted by kind, so a run
 * shows when the responder switches from creating half-open SAs to demanding cookies or to
 * silence.
 */
final class BenchFlood {
    private final BenchOptions options;
    private final int rate;
    private final int ports;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong responses = new AtomicLong();
    private final AtomicLong cookies = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();

    BenchFlood(BenchOptions options, int rate, int ports) {
        this.options = options;
        this.rate = rate;
        this.ports = ports;
    }

    int run(PrintStream out) throws IOException, InterruptedException {
        SecureRandom random = new SecureRandom();
        byte[] kePublic = KeyExchanges.generate(options.ikeProposal().dhGroup(), random).publicValue();
        List<DatagramChannel> channels = new ArrayList<>();
        try {
            for (int i = 0; i < ports; i++) {
                DatagramChannel ch = DatagramChannel.open();
                ch.bind(new InetSocketAddress(options.source(), 0));
                ch.connect(options.target());
                ch.configureBlocking(false);
                channels.add(ch);
            }
            byte[] nonce = new byte[32];
            ByteBuffer in = ByteBuffer.allocate(65_535);
            PacedSend.run(options.count(), rate, options.progress(), n -> {
                random.nextBytes(nonce);
                long spi = random.nextLong() | 1;
                byte[] request = IkeMessageCodec.encode(IkeHeader.of(spi, 0, ExchangeType.IKE_SA_INIT, true, false, 0),
                        List.of(new SaPayload(List.of(options.ikeProposal().toProposal(1, new byte[0]))),
                                new KePayload(options.ikeProposal().dhGroup(), kePublic), new NoncePayload(nonce)));
                channels.get(n % ports).write(ByteBuffer.wrap(request));
                sent.incrementAndGet();
            }, () -> drain(channels, in), nanos -> report(out, nanos));
            return 0;
        } finally {
            for (DatagramChannel ch : channels) {
                ch.close();
            }
        }
    }

    private void report(PrintStream out, long nanos) {
        out.printf("%5.1fs  sent %d  answered with a half-open SA %d  with a COOKIE %d  with an error %d"
                        + "  unanswered %d%n", nanos / 1e9, sent.get(), responses.get(), cookies.get(), errors.get(),
                sent.get() - responses.get() - cookies.get() - errors.get());
    }

    private void drain(List<DatagramChannel> channels, ByteBuffer in) throws IOException {
        for (DatagramChannel ch : channels) {
            for (int i = 0; i < 64; i++) {
                in.clear();
                if (ch.receive(in) == null) {
                    break;
                }
                in.flip();
                byte[] d = new byte[in.remaining()];
                in.get(d);
                classify(d);
            }
        }
    }

    private void classify(byte[] d) {
        try {
            IkeMessage m = IkeMessageCodec.decode(d);
            if (m.notify(NotifyType.COOKIE).isPresent()) {
                cookies.incrementAndGet();
            } else if (m.first(KePayload.class).isPresent()) {
                responses.incrementAndGet();
            } else {
                errors.incrementAndGet();
            }
        } catch (IkeDecodeException e) {
            errors.incrementAndGet();
        }
    }
}
