package org.jiked.ike;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jiked.pki.AuthSignatures;
import org.jiked.pki.CaProfile;
import org.jiked.pki.CertificateFailure;
import org.jiked.pki.CertificateIdentity;
import org.jiked.pki.CredentialFiles;
import org.jiked.pki.KeyHash;
import org.jiked.pki.LocalCredential;
import org.jiked.pki.PathValidator;
import org.jiked.wire.IdType;
import org.jiked.wire.IkeDecodeException;
import org.jiked.wire.IkeMessage;
import org.jiked.wire.IkeMessageCodec;
import org.jiked.wire.NotifyType;
import org.jiked.wire.payload.AuthPayload;
import org.jiked.wire.payload.CertPayload;
import org.jiked.wire.payload.CertReqPayload;
import org.jiked.wire.payload.IdPayload;
import org.jiked.wire.payload.NotifyPayload;
import org.jiked.wire.payload.Payload;

/**
 * Certificate authentication in IKE_SA_INIT and IKE_AUTH: CERTREQ (RFC 7296 section 3.7) in the
 * IKE_SA_INIT response and the IKE_AUTH request, SIGNATURE_HASH_ALGORITHMS (RFC 7427 section 4)
 * in both IKE_SA_INIT messages, CERT payloads (section 3.6) with the chain the peer lacks, and
 * the AUTH signature (section 2.15). What the peer announced in IKE_SA_INIT is read back from the
 * IKE_SA_INIT message the SA keeps for the AUTH octets anyway.
 *
 * <p>Every failure to authenticate the peer is counted as {@code auth-failures} and by its reason
 * (cert-revoked, cert-expired, cert-untrusted, id-mismatch, ...), and becomes
 * AUTHENTICATION_FAILED with the reason in the log line.
 */
final class SignatureAuthentication {
    /** More CERT payloads than this are not even parsed. */
    static final int MAX_CERT_PAYLOADS = PathValidator.MAX_PATH;

    private SignatureAuthentication() {}

    /** Added to our IKE_SA_INIT request. */
    static List<Payload> saInitRequestPayloads(PeerConfig peer) {
        return peer.certificates() == null ? List.of() : List.of(signatureHashAlgorithms());
    }

    /** Added to our IKE_SA_INIT response: our hashes when the initiator sent its own, and CERTREQ. */
    static List<Payload> saInitResponsePayloads(PeerConfig peer, IkeMessage request) {
        if (peer.certificates() == null) {
            return List.of();
        }
        List<Payload> out = new ArrayList<>();
        if (request.notify(NotifyType.SIGNATURE_HASH_ALGORITHMS).isPresent()) {
            out.add(signatureHashAlgorithms());
        }
        certReq(peer.certificates()).ifPresent(out::add);
        return out;
    }

    private static NotifyPayload signatureHashAlgorithms() {
        List<Integer> hashes = AuthSignatures.SUPPORTED_HASHES;
        byte[] data = new byte[2 * hashes.size()];
        for (int i = 0; i < hashes.size(); i++) {
            data[2 * i + 1] = (byte) (int) hashes.get(i);
        }
        return NotifyPayload.of(NotifyType.SIGNATURE_HASH_ALGORITHMS, data);
    }

    /** CERTREQ naming the CAs the peer's path may end at. */
    static java.util.Optional<Payload> certReq(CertificateAuth auth) {
        List<X509Certificate> cas = auth.pki().anchors(auth.trustedCa()).stream().map(CaProfile::certificate).toList();
        return cas.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(new CertReqPayload(CertPayload.X509_CERTIFICATE_SIGNATURE, KeyHash.concat(cas)));
    }

    /** The hash algorithms the peer announced in its IKE_SA_INIT message. */
    static Set<Integer> peerHashes(byte[] peerInitMessage) {
        Set<Integer> out = new LinkedHashSet<>();
        try {
            IkeMessage m = IkeMessageCodec.decode(peerInitMessage);
            m.notify(NotifyType.SIGNATURE_HASH_ALGORITHMS).ifPresent(n -> {
                byte[] d = n.data();
                for (int i = 0; i + 1 < d.length && out.size() < 16; i += 2) {
                    out.add(((d[i] & 0xff) << 8) | (d[i + 1] & 0xff));
                }
            });
        } catch (IkeDecodeException e) {
            // it decoded once already; an empty set falls back to the classic methods
        }
        return out;
    }

    /** The CAs the peer asked for, from CERTREQ payloads in {@code payloads}. */
    static Set<KeyHash> certReqHashes(List<Payload> payloads) {
        Set<KeyHash> out = new LinkedHashSet<>();
        for (CertReqPayload r : Payloads.all(payloads, CertReqPayload.class)) {
            if (r.encoding() == CertPayload.X509_CERTIFICATE_SIGNATURE) {
                out.addAll(KeyHash.parse(r.data()));
            }
        }
        return out;
    }

    static Set<KeyHash> certReqHashes(byte[] peerInitMessage) {
        try {
            return certReqHashes(IkeMessageCodec.decode(peerInitMessage).payloads());
        } catch (IkeDecodeException e) {
            return Set.of();
        }
    }

    /** The local certificate answering the peer's CERTREQ, else the first configured. */
    static LocalCredential choose(CertificateAuth auth, Set<KeyHash> peerWants) {
        List<LocalCredential> all = auth.credentials();
        for (LocalCredential c : all) {
            if (c.answers(peerWants)) {
                return c;
            }
        }
        return all.getFirst();
    }

    /** Our identity: the certificate's subject DN with {@code local-identity distinguished-name}. */
    static Identity localIdentity(IkeSa sa, LocalCredential cred) {
        if (sa.peer.certificates().localIdentityDn()) {
            return new Identity(IdType.ID_DER_ASN1_DN, CertificateIdentity.subjectDer(cred.certificate()));
        }
        return IkeAuth.localIdentity(sa);
    }

    static List<Payload> certPayloads(LocalCredential cred, Set<KeyHash> peerHas) throws IkeProtocolException {
        List<Payload> out = new ArrayList<>();
        try {
            for (X509Certificate c : cred.certificatesFor(peerHas)) {
                out.add(new CertPayload(CertPayload.X509_CERTIFICATE_SIGNATURE, c.getEncoded()));
            }
        } catch (CertificateEncodingException e) {
            throw new IkeProtocolException(NotifyType.AUTHENTICATION_FAILED, "cannot encode our certificate", true);
        }
        return out;
    }

    static AuthPayload sign(IkeSa sa, LocalCredential cred, Set<Integer> peerHashes, byte[] octets)
            throws IkeProtocolException {
        CertificateAuth auth = sa.peer.certificates();
        try {
            var a = AuthSignatures.sign(auth.ops(), cred.privateKey(), cred.certificate().getPublicKey(), peerHashes,
                    auth.rsaPss(), octets);
            return new AuthPayload(a.method(), a.data());
        } catch (GeneralSecurityException e) {
            throw new IkeProtocolException(NotifyType.AUTHENTICATION_FAILED,
                    "signing with local certificate " + cred.name() + " failed: " + e.getMessage(), true);
        }
    }

    /**
     * Authenticates the peer: its certificate path, its ID against the certificate and the
     * configured remote-identity, the AUTH signature, and last (only for a peer that proved its
     * key) revocation.
     */
    static void verifyPeer(IkeSa sa, IdPayload id, AuthPayload auth, List<Payload> message, byte[] octets)
            throws IkeProtocolException {
        IkeEngine engine = sa.engine();
        CertificateAuth conf = sa.peer.certificates();
        Identity peerId = Identity.of(id);
        try {
            if (!isSignatureMethod(auth.method())) {
                throw new CertificateFailure(CertificateFailure.Reason.AUTH_METHOD, "peer uses authentication method "
                        + auth.method() + ", expected a signature (certificates)");
            }
            List<X509Certificate> certs = peerCertificates(message);
            var path = conf.pki().validate(certs, conf.trustedCa());
            X509Certificate ee = path.endEntity();
            if (!CertificateIdentity.matches(ee, id.idType(), id.data())) {
                throw new CertificateFailure(CertificateFailure.Reason.ID_MISMATCH, "peer ID " + peerId
                        + " is not a name of its certificate " + ee.getSubjectX500Principal().getName());
            }
            if (sa.peer.remoteIdentity() != null && !sa.peer.remoteIdentity().equals(peerId)) {
                throw new CertificateFailure(CertificateFailure.Reason.ID_MISMATCH, "peer identity " + peerId
                        + " is not the configured remote-identity " + sa.peer.remoteIdentity());
            }
            if (conf.remoteDn() != null && (id.idType() != IdType.ID_DER_ASN1_DN
                    || !conf.remoteDn().matches(ee.getSubjectX500Principal()))) {
                throw new CertificateFailure(CertificateFailure.Reason.ID_MISMATCH, "peer identity " + peerId
                        + " does not match remote-identity " + conf.remoteDn());
            }
            var scheme = AuthSignatures.verify(conf.ops(), ee.getPublicKey(), auth.method(), auth.data(), octets);
            conf.pki().checkRevocation(path, w -> engine.log("warning", sa, w));
            engine.log("info", sa, "peer " + peerId + " authenticated by certificate "
                    + ee.getSubjectX500Principal().getName() + " (CA profile " + path.anchor().name() + ", "
                    + path.certificates().size() + " certificates, AUTH method " + auth.method() + ", " + scheme + ")");
        } catch (CertificateFailure f) {
            engine.stats.increment("auth-failures");
            engine.stats.increment(f.reason().counter());
            throw new IkeProtocolException(NotifyType.AUTHENTICATION_FAILED, "certificate authentication of peer "
                    + peerId + " at " + sa.remote.getAddress().getHostAddress() + " failed ("
                    + f.reason().counter() + "): " + f.getMessage(), true);
        }
    }

    private static boolean isSignatureMethod(int method) {
        return method == AuthSignatures.RSA_DIGITAL_SIGNATURE || method == AuthSignatures.DIGITAL_SIGNATURE
                || (method >= AuthSignatures.ECDSA_SHA256_P256 && method <= AuthSignatures.ECDSA_SHA512_P521);
    }

    private static List<X509Certificate> peerCertificates(List<Payload> message) throws CertificateFailure {
        List<CertPayload> payloads = Payloads.all(message, CertPayload.class).stream()
                .filter(c -> c.encoding() == CertPayload.X509_CERTIFICATE_SIGNATURE).toList();
        if (payloads.size() > MAX_CERT_PAYLOADS) {
            throw new CertificateFailure(CertificateFailure.Reason.CHAIN_TOO_LONG,
                    "the peer sent " + payloads.size() + " certificates (at most " + MAX_CERT_PAYLOADS + ")");
        }
        List<X509Certificate> out = new ArrayList<>();
        for (CertPayload p : payloads) {
            try {
                out.add(CredentialFiles.certificate(p.data()));
            } catch (IOException e) {
                throw new CertificateFailure(CertificateFailure.Reason.CERT_INVALID,
                        "CERT payload " + (out.size() + 1) + ": " + e.getMessage());
            }
        }
        return out;
    }
}
