package org.jiked.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jiked.child.TrafficSelector;
import org.jiked.crypto.IkeSaKeys;
import org.jiked.crypto.InvalidPeerKeyException;
import org.jiked.crypto.KeyExchange;
import org.jiked.crypto.KeyExchanges;
import org.jiked.crypto.Prf;
import org.jiked.crypto.SkCiphers;
import org.jiked.ike.Identity;
import org.jiked.ike.IkeProposalSpec;
import org.jiked.ike.NatDetection;
import org.jiked.ike.PskAuthentication;
import org.jiked.ike.SeededPreSharedKey;
import org.jiked.wire.AuthMethod;
import org.jiked.wire.EncryptedPayloadCipher;
import org.jiked.wire.ExchangeType;
import org.jiked.wire.IdType;
import org.jiked.wire.IkeDecodeException;
import org.jiked.wire.IkeHeader;
import org.jiked.wire.IkeMessage;
import org.jiked.wire.IkeMessageCodec;
import org.jiked.wire.NotifyType;
import org.jiked.wire.payload.AuthPayload;
import org.jiked.wire.payload.EncryptedPayload;
import org.jiked.wire.payload.IdPayload;
import org.jiked.wire.payload.KePayload;
import org.jiked.wire.payload.NoncePayload;
import org.jiked.wire.payload.NotifyPayload;
import org.jiked.wire.payload.Payload;
import org.jiked.wire.payload.SaPayload;
import org.jiked.wire.payload.TsPayload;

/**
 * One initiator of the load generator: IKE_SA_INIT then IKE_AUTH with a pre-shared key (RFC 7296
 * sections 1.2 and 2.15), optionally with the first CHILD_SA. It keeps only what the two
 * exchanges need and answers a COOKIE (section 2.6); everything else unexpected is a failure
 * named by the notify the responder sent.
 */
final class BenchInitiator {
    /** What happened to a response. */
    sealed interface Step {}

    /** Send this datagram next (the IKE_AUTH request or a retry with a cookie). */
    record Send(byte[] datagram) implements Step {}

    /** The IKE SA (and CHILD_SA when asked for) is up. */
    record Done() implements Step {}

    /** The setup failed; {@code reason} is a notify name or a short description. */
    record Failed(String reason) implements Step {}

    /** Not ours or not now (e.g. a duplicate); nothing to do. */
    record Ignore() implements Step {}


    final BenchOptions options;
    final int index;
    final long spiI;
    final InetSocketAddress local;
    final InetSocketAddress remote;
    final long startedNanos;
    long lastSentNanos;
    int attempts;
    byte[] lastRequest;
    /** True while waiting for the IKE_SA_INIT response, false while waiting for IKE_AUTH's. */
    boolean inInit = true;

    private final SecureRandom random;
    private KeyExchange keyExchange;
    private final byte[] ni = new byte[32];
    private byte[] cookie;
    private byte[] initRequest;
    private int childSpi;

    BenchInitiator(BenchOptions options, int index, long spiI, InetSocketAddress local, InetSocketAddress remote,
                   SecureRandom random, long nowNanos) {
        this.options = options;
        this.index = index;
        this.spiI = spiI;
        this.local = local;
        this.remote = remote;
        this.random = random;
        this.startedNanos = nowNanos;
        random.nextBytes(ni);
    }

    /** The initiator's FQDN: {@code --id} with its number. */
    String identity() {
        return String.format(options.identityFormat(), index);
    }

    /** {@code --psk}, or with {@code --seeded-psk} the key derived from the seed and this initiator's ID. */
    private byte[] psk() {
        return options.pskSeed() == null ? options.psk()
                : SeededPreSharedKey.derive(options.pskSeed(), Identity.fqdn(identity()));
    }

    /** The first IKE_SA_INIT request. */
    byte[] start() {
        keyExchange = KeyExchanges.generate(options.ikeProposal().dhGroup(), random);
        return buildInit();
    }

    private byte[] buildInit() {
        IkeProposalSpec p = options.ikeProposal();
        List<Payload> payloads = new ArrayList<>();
        if (cookie != null) {
            payloads.add(NotifyPayload.of(NotifyType.COOKIE, cookie));
        }
        payloads.add(new SaPayload(List.of(p.toProposal(1, new byte[0]))));
        payloads.add(new KePayload(p.dhGroup(), keyExchange.publicValue()));
        payloads.add(new NoncePayload(ni));
        payloads.add(NotifyPayload.of(NotifyType.NAT_DETECTION_SOURCE_IP, natHash(spiI, 0, local)));
        payloads.add(NotifyPayload.of(NotifyType.NAT_DETECTION_DESTINATION_IP, natHash(spiI, 0, remote)));
        initRequest = IkeMessageCodec.encode(IkeHeader.of(spiI, 0, ExchangeType.IKE_SA_INIT, true, false, 0),
                payloads);
        return initRequest;
    }

    /** Handles a response to our latest request. */
    Step onResponse(IkeHeader header, byte[] datagram) {
        try {
            if (inInit && header.exchangeType() == ExchangeType.IKE_SA_INIT && header.messageId() == 0) {
                return onInitResponse(header, datagram);
            }
            if (!inInit && header.exchangeType() == ExchangeType.IKE_AUTH && header.messageId() == 1
                    && header.responderSpi() == spiR) {
                return onAuthResponse(datagram);
            }
            return new Ignore();
        } catch (IkeDecodeException e) {
            return new Failed("decode error: " + e.getMessage());
        } catch (InvalidPeerKeyException e) {
            return new Failed("invalid KE");
        } catch (EncryptedPayloadCipher.IntegrityException e) {
            return new Failed("integrity check failed");
        }
    }

    private long spiR;
    private byte[] nr;
    private Prf prf;
    private IkeSaKeys keys;
    private EncryptedPayloadCipher sendCipher;
    private EncryptedPayloadCipher receiveCipher;
    private byte[] initResponse;

    private Step onInitResponse(IkeHeader header, byte[] datagram) throws IkeDecodeException, InvalidPeerKeyException {
        IkeMessage m = IkeMessageCodec.decode(datagram);
        var c = m.notify(NotifyType.COOKIE);
        if (c.isPresent()) {
            if (cookie != null && attempts > 3) {
                return new Failed("COOKIE loop");
            }
            cookie = c.get().data();
            return new Send(buildInit());
        }
        for (NotifyPayload n : m.all(NotifyPayload.class)) {
            if (NotifyType.isError(n.notifyType())) {
                return new Failed(NotifyType.name(n.notifyType()));
            }
        }
        var ke = m.first(KePayload.class);
        var nonce = m.first(NoncePayload.class);
        if (ke.isEmpty() || nonce.isEmpty() || header.responderSpi() == 0) {
            return new Failed("IKE_SA_INIT response without KE or nonce");
        }
        spiR = header.responderSpi();
        nr = nonce.get().nonce();
        initResponse = datagram;
        IkeProposalSpec p = options.ikeProposal();
        byte[] shared = keyExchange.sharedSecret(ke.get().keyData());
        keyExchange = null;
        prf = Prf.of(p.prfId());
        keys = IkeSaKeys.derive(prf, ni, nr, shared, spiI, spiR,
                SkCiphers.integrityKeyLength(p.integrityId()),
                SkCiphers.encryptionKeyLength(p.encryptionId(), p.encryptionKeyBits()));
        sendCipher = SkCiphers.create(p.encryptionId(), p.encryptionKeyBits(), p.integrityId(), keys.skEi(),
                keys.skAi(), random);
        receiveCipher = SkCiphers.create(p.encryptionId(), p.encryptionKeyBits(), p.integrityId(), keys.skEr(),
                keys.skAr(), random);
        inInit = false;
        attempts = 0;
        return new Send(buildAuth());
    }

    private byte[] buildAuth() {
        List<Payload> out = new ArrayList<>();
        IdPayload idi = new IdPayload(false, IdType.ID_FQDN, identity().getBytes(StandardCharsets.US_ASCII));
        out.add(idi);
        out.add(new AuthPayload(AuthMethod.SHARED_KEY_MIC, pskAuth(initRequest, nr, keys.skPi(), idi)));
        if (options.child()) {
            do {
                childSpi = random.nextInt();
            } while (Integer.compareUnsigned(childSpi, 256) < 0);
            byte[] spi = ByteBuffer.allocate(4).putInt(childSpi).array();
            out.add(new SaPayload(List.of(options.espProposal().toProposal(1, spi, false))));
            out.add(new TsPayload(false, List.of(options.localSelector(index).toWire())));
            out.add(new TsPayload(true, List.of(options.remoteSelector().toWire())));
        }
        return IkeMessageCodec.encodeProtected(IkeHeader.of(spiI, spiR, ExchangeType.IKE_AUTH, true, false, 1), out,
                sendCipher);
    }

    private Step onAuthResponse(byte[] datagram) throws IkeDecodeException, EncryptedPayloadCipher.IntegrityException {
        IkeMessage outer = IkeMessageCodec.decode(datagram);
        if (outer.payloads().isEmpty() || !(outer.payloads().getLast() instanceof EncryptedPayload)) {
            return new Failed("IKE_AUTH response not encrypted (fragmented?)");
        }
        List<Payload> inner = IkeMessageCodec.decrypt(datagram, outer, receiveCipher);
        IdPayload idr = null;
        AuthPayload auth = null;
        String childError = null;
        boolean childSa = false;
        for (Payload p : inner) {
            if (p instanceof IdPayload id && id.responder()) {
                idr = id;
            } else if (p instanceof AuthPayload a) {
                auth = a;
            } else if (p instanceof SaPayload) {
                childSa = true;
            } else if (p instanceof NotifyPayload n && NotifyType.isError(n.notifyType())) {
                childError = NotifyType.name(n.notifyType());
            }
        }
        if (idr == null || auth == null) {
            return new Failed(childError != null ? childError : "IKE_AUTH response without IDr/AUTH");
        }
        if (!MessageDigest.isEqual(auth.data(), pskAuth(initResponse, ni, keys.skPr(), idr))) {
            return new Failed("responder AUTH does not verify");
        }
        if (options.child() && !childSa) {
            return new Failed("CHILD_SA: " + (childError == null ? "no SA payload" : childError));
        }
        return new Done();
    }

    /** AUTH with the pre-shared key, computed as the engine does (RFC 7296 section 2.15). */
    private byte[] pskAuth(byte[] message, byte[] otherNonce, byte[] skP, IdPayload id) {
        return PskAuthentication.compute(prf, psk(), PskAuthentication.signedOctets(prf, message, otherNonce,
                skP, id));
    }

    /** RFC 7296 section 2.23, as the engine computes it. */
    static byte[] natHash(long spiI, long spiR, InetSocketAddress endpoint) {
        return NatDetection.hash(spiI, spiR, endpoint);
    }

    /** The IPv6 /128 selector of initiator {@code index} inside {@code prefix} (a /64 or shorter). */
    static TrafficSelector hostIn(TrafficSelector prefix, int index) {
        byte[] a = Arrays.copyOf(prefix.startAddress(), prefix.startAddress().length);
        int i = index + 1;
        for (int k = a.length - 1; k >= a.length - 4; k--) {
            a[k] = (byte) (a[k] | (i & 0xff));
            i >>>= 8;
        }
        try {
            return TrafficSelector.ofPrefix(InetAddress.getByAddress(a), a.length * 8);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
