package org.jiked.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
import org.jiked.pki.AuthSignatures;
import org.jiked.pki.KeyHash;
import org.jiked.wire.AuthMethod;
import org.jiked.wire.EncryptedPayloadCipher;
import org.jiked.wire.ExchangeType;
import org.jiked.wire.IdType;
import org.jiked.wire.IkeDecodeException;
import org.jiked.wire.IkeHeader;
import org.jiked.wire.IkeMessage;
import org.jiked.wire.IkeMessageCodec;
import org.jiked.wire.NotifyType;
import org.jiked.wire.ProtocolId;
import org.jiked.wire.payload.AuthPayload;
import org.jiked.wire.payload.CertPayload;
import org.jiked.wire.payload.CertReqPayload;
import org.jiked.wire.payload.DeletePayload;
import org.jiked.wire.payload.EncryptedPayload;
import org.jiked.wire.payload.IdPayload;
import org.jiked.wire.payload.KePayload;
import org.jiked.wire.payload.NoncePayload;
import org.jiked.wire.payload.NotifyPayload;
import org.jiked.wire.payload.Payload;
import org.jiked.wire.payload.SaPayload;
import org.jiked.wire.payload.TsPayload;

/**
 * One initiator of the load generator: IKE_SA_INIT then IKE_AUTH with a pre-shared key or a
 * certificate (RFC 7296 sections 1.2 and 2.15, RFC 7427), optionally with the first CHILD_SA, then
 * optionally rekeys of the CHILD_SA and of the IKE SA (CREATE_CHILD_SA, section 1.3, each followed
 * by the Delete of the old SA as real peers send it). It keeps only what the exchanges need and
 * answers a COOKIE (section 2.6); everything else unexpected is a failure named by the notify the
 * responder sent.
 */
final class BenchInitiator {
    /** What happened to a response. */
    sealed interface Step {}

    /** Send this datagram next (the IKE_AUTH request or a retry with a cookie). */
    record Send(byte[] datagram) implements Step {}

    /** The IKE SA (and CHILD_SA when asked for) is up, and no rekeys follow. */
    record Done() implements Step {}

    /** The IKE SA (and CHILD_SA) is up; {@code next} starts the first rekey. */
    record Up(byte[] next) implements Step {}

    /**
     * A rekey is done (its old SA deleted); {@code next} starts the next rekey, or is null when
     * this was the last.
     */
    record Rekeyed(boolean ike, byte[] next) implements Step {}

    /** The setup failed; {@code reason} is a notify name or a short description. */
    record Failed(String reason) implements Step {}

    /** Not ours or not now (e.g. a duplicate); nothing to do. */
    record Ignore() implements Step {}


    /** What the initiator waits for. */
    enum Phase {
        IKE_SA_INIT("IKE_SA_INIT"), IKE_AUTH("IKE_AUTH"), CHILD_REKEY("CHILD_SA rekey"),
        CHILD_DELETE("CHILD_SA delete"), IKE_REKEY("IKE SA rekey"), IKE_DELETE("IKE SA delete");

        final String label;

        Phase(String label) {
            this.label = label;
        }
    }

    final BenchOptions options;
    final int index;
    /** The IKE SA's initiator SPI; an IKE SA rekey changes it. */
    long spiI;
    final InetSocketAddress local;
    final InetSocketAddress remote;
    final long startedNanos;
    /** When the setup or the current rekey began (the timeout and the rekey latency count from it). */
    long phaseStartedNanos;
    long lastSentNanos;
    int attempts;
    byte[] lastRequest;
    Phase phase = Phase.IKE_SA_INIT;

    private final SecureRandom random;
    private KeyExchange keyExchange;
    private final byte[] ni = new byte[32];
    private byte[] cookie;
    private byte[] initRequest;
    private int childSpi;
    /** With a certificate: the hashes (RFC 7427) and CAs (CERTREQ) the responder announced. */
    private Set<Integer> responderHashes = Set.of();
    private Set<KeyHash> responderCas = Set.of();
    private int nextMessageId = 2;
    private int childRekeysLeft;
    private int ikeRekeysLeft;
    private int newChildSpi;
    private long newSpiI;
    private byte[] rekeyNi;

    BenchInitiator(BenchOptions options, int index, long spiI, InetSocketAddress local, InetSocketAddress remote,
                   SecureRandom random, long nowNanos) {
        this.options = options;
        this.index = index;
        this.spiI = spiI;
        this.local = local;
        this.remote = remote;
        this.random = random;
        this.startedNanos = nowNanos;
        this.phaseStartedNanos = nowNanos;
        this.childRekeysLeft = options.rekeyChild();
        this.ikeRekeysLeft = options.rekeyIke();
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
        if (options.credential() != null) {
            payloads.add(NotifyPayload.of(NotifyType.SIGNATURE_HASH_ALGORITHMS, SIGNATURE_HASHES));
        }
        initRequest = IkeMessageCodec.encode(IkeHeader.of(spiI, 0, ExchangeType.IKE_SA_INIT, true, false, 0),
                payloads);
        return initRequest;
    }

    /** RFC 7427 section 4: the hash algorithms the engine announces, two octets each. */
    private static final byte[] SIGNATURE_HASHES = signatureHashes();

    private static byte[] signatureHashes() {
        List<Integer> hashes = AuthSignatures.SUPPORTED_HASHES;
        ByteBuffer b = ByteBuffer.allocate(2 * hashes.size());
        hashes.forEach(h -> b.putShort((short) (int) h));
        return b.array();
    }

    /** Handles a response to our latest request. */
    Step onResponse(IkeHeader header, byte[] datagram) {
        try {
            if (phase == Phase.IKE_SA_INIT && header.exchangeType() == ExchangeType.IKE_SA_INIT
                    && header.messageId() == 0) {
                return onInitResponse(header, datagram);
            }
            if (header.responderSpi() != spiR || header.messageId() != nextMessageId - 1) {
                return new Ignore();
            }
            return switch (phase) {
                case IKE_AUTH -> header.exchangeType() == ExchangeType.IKE_AUTH ? onAuthResponse(datagram)
                        : new Ignore();
                case CHILD_REKEY, IKE_REKEY -> header.exchangeType() == ExchangeType.CREATE_CHILD_SA
                        ? onRekeyResponse(datagram) : new Ignore();
                case CHILD_DELETE, IKE_DELETE -> header.exchangeType() == ExchangeType.INFORMATIONAL
                        ? onDeleteResponse(datagram) : new Ignore();
                case IKE_SA_INIT -> new Ignore();
            };
        } catch (IkeDecodeException e) {
            return new Failed("decode error: " + e.getMessage());
        } catch (InvalidPeerKeyException e) {
            return new Failed("invalid KE");
        } catch (EncryptedPayloadCipher.IntegrityException e) {
            return new Failed("integrity check failed");
        } catch (GeneralSecurityException e) {
            return new Failed("cannot sign: " + e.getMessage());
        }
    }

    private long spiR;
    private byte[] nr;
    private Prf prf;
    private IkeSaKeys keys;
    private EncryptedPayloadCipher sendCipher;
    private EncryptedPayloadCipher receiveCipher;
    private byte[] initResponse;

    private Step onInitResponse(IkeHeader header, byte[] datagram)
            throws IkeDecodeException, InvalidPeerKeyException, GeneralSecurityException {
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
        if (options.credential() != null) {
            responderHashes = hashes(m);
            responderCas = new LinkedHashSet<>();
            for (CertReqPayload r : m.all(CertReqPayload.class)) {
                if (r.encoding() == CertPayload.X509_CERTIFICATE_SIGNATURE) {
                    responderCas.addAll(KeyHash.parse(r.data()));
                }
            }
        }
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
        phase = Phase.IKE_AUTH;
        attempts = 0;
        return new Send(buildAuth());
    }

    /** The hash algorithms of a SIGNATURE_HASH_ALGORITHMS notify (RFC 7427 section 4). */
    private static Set<Integer> hashes(IkeMessage m) {
        Set<Integer> out = new LinkedHashSet<>();
        m.notify(NotifyType.SIGNATURE_HASH_ALGORITHMS).ifPresent(n -> {
            byte[] d = n.data();
            for (int i = 0; i + 1 < d.length && out.size() < 16; i += 2) {
                out.add(((d[i] & 0xff) << 8) | (d[i + 1] & 0xff));
            }
        });
        return out;
    }

    /** IDi: the certificate's DN, or {@code --id} (with a certificate an RFC 822 address when it holds an @). */
    private IdPayload idi() {
        BenchCredential cred = options.credential();
        if (cred != null && options.dnIdentity()) {
            return new IdPayload(false, IdType.ID_DER_ASN1_DN, cred.subjectDer());
        }
        String name = identity();
        int type = cred != null && name.contains("@") ? IdType.ID_RFC822_ADDR : IdType.ID_FQDN;
        return new IdPayload(false, type, name.getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] buildAuth() throws GeneralSecurityException {
        List<Payload> out = new ArrayList<>();
        IdPayload idi = idi();
        out.add(idi);
        BenchCredential cred = options.credential();
        if (cred != null) {
            out.addAll(cred.certPayloads(responderCas));
            CertReqPayload req = cred.certReq();
            if (req != null) {
                out.add(req);
            }
            out.add(cred.sign(responderHashes, PskAuthentication.signedOctets(prf, initRequest, nr, keys.skPi(),
                    idi)));
        } else {
            out.add(new AuthPayload(AuthMethod.SHARED_KEY_MIC, pskAuth(initRequest, nr, keys.skPi(), idi)));
        }
        if (options.child()) {
            childSpi = newChildSpi();
            byte[] spi = spiBytes(childSpi);
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
        List<CertPayload> certs = new ArrayList<>();
        for (Payload p : inner) {
            if (p instanceof IdPayload id && id.responder()) {
                idr = id;
            } else if (p instanceof CertPayload c && c.encoding() == CertPayload.X509_CERTIFICATE_SIGNATURE) {
                certs.add(c);
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
        if (options.credential() != null && auth.method() != AuthMethod.SHARED_KEY_MIC) {
            String problem = options.credential().verifyResponder(certs, idr.idType(), idr.data(), auth,
                    PskAuthentication.signedOctets(prf, initResponse, ni, keys.skPr(), idr));
            if (problem != null) {
                return new Failed(problem);
            }
        } else if (!MessageDigest.isEqual(auth.data(), pskAuth(initResponse, ni, keys.skPr(), idr))) {
            return new Failed("responder AUTH does not verify");
        }
        if (options.child() && !childSa) {
            return new Failed("CHILD_SA: " + (childError == null ? "no SA payload" : childError));
        }
        byte[] next = nextRekey();
        return next == null ? new Done() : new Up(next);
    }

    /** The request of the next rekey, CHILD_SA ones first, or null when none is left. */
    private byte[] nextRekey() {
        if (childRekeysLeft > 0) {
            childRekeysLeft--;
            phase = Phase.CHILD_REKEY;
            newChildSpi = newChildSpi();
            List<Payload> out = new ArrayList<>();
            // REKEY_SA names the SA by the SPI we receive on (RFC 7296 section 1.3.3)
            out.add(new NotifyPayload(ProtocolId.ESP, spiBytes(childSpi), NotifyType.REKEY_SA, new byte[0]));
            out.add(new SaPayload(List.of(options.espProposal().toProposal(1, spiBytes(newChildSpi), false))));
            out.add(new NoncePayload(freshNonce()));
            out.add(new TsPayload(false, List.of(options.localSelector(index).toWire())));
            out.add(new TsPayload(true, List.of(options.remoteSelector().toWire())));
            return request(ExchangeType.CREATE_CHILD_SA, out);
        }
        if (ikeRekeysLeft > 0) {
            ikeRekeysLeft--;
            phase = Phase.IKE_REKEY;
            do {
                newSpiI = random.nextLong();
            } while (newSpiI == 0);
            IkeProposalSpec p = options.ikeProposal();
            keyExchange = KeyExchanges.generate(p.dhGroup(), random);
            rekeyNi = freshNonce();
            return request(ExchangeType.CREATE_CHILD_SA, List.of(
                    new SaPayload(List.of(p.toProposal(1, ByteBuffer.allocate(8).putLong(newSpiI).array()))),
                    new NoncePayload(rekeyNi), new KePayload(p.dhGroup(), keyExchange.publicValue())));
        }
        return null;
    }

    private long newSpiR;
    private IkeSaKeys newKeys;
    private EncryptedPayloadCipher newSendCipher;
    private EncryptedPayloadCipher newReceiveCipher;

    private Step onRekeyResponse(byte[] datagram)
            throws IkeDecodeException, EncryptedPayloadCipher.IntegrityException, InvalidPeerKeyException {
        List<Payload> inner = decryptResponse(datagram);
        for (Payload p : inner) {
            if (p instanceof NotifyPayload n && NotifyType.isError(n.notifyType())) {
                return new Failed(phase.label + ": " + NotifyType.name(n.notifyType()));
            }
        }
        var sa = inner.stream().filter(SaPayload.class::isInstance).map(SaPayload.class::cast).findFirst();
        var nonce = inner.stream().filter(NoncePayload.class::isInstance).map(NoncePayload.class::cast).findFirst();
        if (sa.isEmpty() || sa.get().proposals().isEmpty() || nonce.isEmpty()) {
            return new Failed(phase.label + ": response without SA or nonce");
        }
        attempts = 0;
        if (phase == Phase.CHILD_REKEY) {
            // the new CHILD_SA is in; delete the old one as real peers do (section 2.8)
            int old = childSpi;
            childSpi = newChildSpi;
            phase = Phase.CHILD_DELETE;
            return new Send(request(ExchangeType.INFORMATIONAL,
                    List.of(new DeletePayload(ProtocolId.ESP, 4, List.of(spiBytes(old))))));
        }
        var ke = inner.stream().filter(KePayload.class::isInstance).map(KePayload.class::cast).findFirst();
        byte[] spi = sa.get().proposals().getFirst().spi();
        if (ke.isEmpty() || spi.length != 8) {
            return new Failed(phase.label + ": response without KE or 8-octet SPI");
        }
        newSpiR = ByteBuffer.wrap(spi).getLong();
        IkeProposalSpec p = options.ikeProposal();
        byte[] shared = keyExchange.sharedSecret(ke.get().keyData());
        keyExchange = null;
        // section 2.18: SKEYSEED from the old SK_d, keys over the new SPIs
        newKeys = IkeSaKeys.deriveRekey(prf, keys.skD(), prf, shared, rekeyNi, nonce.get().nonce(), newSpiI, newSpiR,
                SkCiphers.integrityKeyLength(p.integrityId()),
                SkCiphers.encryptionKeyLength(p.encryptionId(), p.encryptionKeyBits()));
        newSendCipher = SkCiphers.create(p.encryptionId(), p.encryptionKeyBits(), p.integrityId(), newKeys.skEi(),
                newKeys.skAi(), random);
        newReceiveCipher = SkCiphers.create(p.encryptionId(), p.encryptionKeyBits(), p.integrityId(),
                newKeys.skEr(), newKeys.skAr(), random);
        phase = Phase.IKE_DELETE;
        return new Send(request(ExchangeType.INFORMATIONAL, List.of(new DeletePayload(ProtocolId.IKE, 0, List.of()))));
    }

    private Step onDeleteResponse(byte[] datagram) throws IkeDecodeException, EncryptedPayloadCipher.IntegrityException {
        decryptResponse(datagram);
        boolean ike = phase == Phase.IKE_DELETE;
        if (ike) {
            // the old IKE SA is gone; go on on the new one, its message IDs from zero
            spiI = newSpiI;
            spiR = newSpiR;
            keys = newKeys;
            sendCipher = newSendCipher;
            receiveCipher = newReceiveCipher;
            nextMessageId = 0;
            newKeys = null;
            newSendCipher = null;
            newReceiveCipher = null;
        }
        attempts = 0;
        return new Rekeyed(ike, nextRekey());
    }

    private List<Payload> decryptResponse(byte[] datagram)
            throws IkeDecodeException, EncryptedPayloadCipher.IntegrityException {
        IkeMessage outer = IkeMessageCodec.decode(datagram);
        if (outer.payloads().isEmpty() || !(outer.payloads().getLast() instanceof EncryptedPayload)) {
            throw IkeDecodeException.drop(phase.label + " response not encrypted");
        }
        return IkeMessageCodec.decrypt(datagram, outer, receiveCipher);
    }

    /** A protected request on the current IKE SA with the next message ID. */
    private byte[] request(int exchangeType, List<Payload> payloads) {
        return IkeMessageCodec.encodeProtected(IkeHeader.of(spiI, spiR, exchangeType, true, false, nextMessageId++),
                payloads, sendCipher);
    }

    private byte[] freshNonce() {
        byte[] n = new byte[32];
        random.nextBytes(n);
        return n;
    }

    private int newChildSpi() {
        int spi;
        do {
            spi = random.nextInt();
        } while (Integer.compareUnsigned(spi, 256) < 0);
        return spi;
    }

    private static byte[] spiBytes(int spi) {
        return ByteBuffer.allocate(4).putInt(spi).array();
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
