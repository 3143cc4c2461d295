package org.jiked.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jiked.pki.AuthSignatures;
import org.jiked.pki.CaProfile;
import org.jiked.pki.CertificateFailure;
import org.jiked.pki.CertificateIdentity;
import org.jiked.pki.CredentialFiles;
import org.jiked.pki.JdkPublicKeyOps;
import org.jiked.pki.KeyHash;
import org.jiked.pki.LocalCredential;
import org.jiked.pki.PkiStore;
import org.jiked.pki.RevocationCheck;
import org.jiked.wire.AuthMethod;
import org.jiked.wire.payload.AuthPayload;
import org.jiked.wire.payload.CertPayload;
import org.jiked.wire.payload.CertReqPayload;

/**
 * The one certificate all initiators of a run authenticate with ({@code --cert}, {@code --key}),
 * as the pico-cell base stations of a deployment share one, and the CAs ({@code --ca}) the
 * responder's certificate must chain to. Signing and verifying are the engine's
 * ({@link AuthSignatures}); what every setup would otherwise redo is done once here: the CERT
 * payloads for a CERTREQ, and the path validation of a responder certificate seen before.
 */
final class BenchCredential {
    private final LocalCredential credential;
    private final List<X509Certificate> cas;
    private final PkiStore pki;
    private final byte[] subjectDer;
    /** CERT payloads by the CAs the responder named; a responder names the same ones each time. */
    private final Map<Set<KeyHash>, List<CertPayload>> certPayloads = new ConcurrentHashMap<>();
    /** Each responder certificate whose path validated, by its DER encoding. */
    private final Map<ByteBuffer, X509Certificate> validated = new ConcurrentHashMap<>();

    BenchCredential(LocalCredential credential, List<X509Certificate> cas) {
        this.credential = credential;
        this.cas = List.copyOf(cas);
        Map<String, CaProfile> profiles = new LinkedHashMap<>();
        for (int i = 0; i < cas.size(); i++) {
            profiles.put("ca-" + (i + 1), new CaProfile("ca-" + (i + 1), null, cas.get(i), RevocationCheck.DISABLED));
        }
        this.pki = new PkiStore(profiles, Map.of(), Map.of(), uri -> {
            throw new IOException("the load generator fetches no CRLs");
        }, System::currentTimeMillis);
        this.subjectDer = CertificateIdentity.subjectDer(credential.certificate());
    }

    /** Reads {@code --cert}, {@code --key} and the {@code --ca} files; the key must fit the certificate. */
    static BenchCredential load(Path cert, Path key, List<Path> caFiles) throws IOException {
        List<X509Certificate> chain = CredentialFiles.certificates(cert);
        var privateKey = CredentialFiles.privateKey(key, null);
        LocalCredential.checkPair(chain.getFirst(), privateKey);
        List<X509Certificate> cas = new ArrayList<>();
        for (Path f : caFiles) {
            cas.addAll(CredentialFiles.certificates(f));
        }
        // intermediates in the --cert file go along with it when the responder lacks them
        List<CaProfile> above = new ArrayList<>();
        for (X509Certificate c : chain.subList(1, chain.size())) {
            above.add(new CaProfile("chain", null, c, RevocationCheck.DISABLED));
        }
        for (X509Certificate c : cas) {
            above.add(new CaProfile("ca", null, c, RevocationCheck.DISABLED));
        }
        return new BenchCredential(PkiStore.credential("bench", chain.getFirst(), privateKey, above), cas);
    }

    X509Certificate certificate() {
        return credential.certificate();
    }

    /** ID_DER_ASN1_DN data: the certificate's subject. */
    byte[] subjectDer() {
        return subjectDer;
    }

    /** Whether an ID of this type and value is a name of the certificate (its DN or a subjectAltName). */
    boolean isNameOfCertificate(int idType, byte[] data) {
        return CertificateIdentity.matches(credential.certificate(), idType, data);
    }

    /** Our CERTREQ, naming the {@code --ca} certificates; null without {@code --ca}. */
    CertReqPayload certReq() {
        return cas.isEmpty() ? null
                : new CertReqPayload(CertPayload.X509_CERTIFICATE_SIGNATURE, KeyHash.concat(cas));
    }

    /** The end entity and the CAs above it the responder did not name in its CERTREQ. */
    List<CertPayload> certPayloads(Set<KeyHash> responderHas) {
        return certPayloads.computeIfAbsent(responderHas, has -> {
            List<CertPayload> out = new ArrayList<>();
            for (X509Certificate c : credential.certificatesFor(has)) {
                try {
                    out.add(new CertPayload(CertPayload.X509_CERTIFICATE_SIGNATURE, c.getEncoded()));
                } catch (CertificateEncodingException e) {
                    throw new IllegalStateException("cannot encode " + c.getSubjectX500Principal(), e);
                }
            }
            return out;
        });
    }

    /** AUTH over {@code octets}: RFC 7427 with a hash the responder announced, else the key's classic method. */
    AuthPayload sign(Set<Integer> responderHashes, byte[] octets) throws GeneralSecurityException {
        var a = AuthSignatures.sign(JdkPublicKeyOps.INSTANCE, credential.privateKey(),
                credential.certificate().getPublicKey(), responderHashes, false, octets);
        return new AuthPayload(a.method(), a.data());
    }

    /**
     * Checks the responder's signature AUTH: its certificate path to a {@code --ca} (once per
     * distinct certificate; without {@code --ca} the path is not checked), that its ID is a name
     * of that certificate, and the signature.
     *
     * @param certs the responder's CERT payloads, end entity first
     * @return null when it verifies, else why not
     */
    String verifyResponder(List<CertPayload> certs, int idType, byte[] id, AuthPayload auth, byte[] octets) {
        if (auth.method() == AuthMethod.SHARED_KEY_MIC) {
            return "responder authenticated with a pre-shared key";
        }
        if (certs.isEmpty()) {
            return "responder sent no certificate" + (cas.isEmpty() ? " (--ca makes CERTREQ ask for it)" : "");
        }
        try {
            ByteBuffer ee = ByteBuffer.wrap(certs.getFirst().data());
            X509Certificate eeCert = validated.get(ee);
            if (eeCert == null) {
                List<X509Certificate> path = new ArrayList<>();
                for (CertPayload c : certs) {
                    path.add(CredentialFiles.certificate(c.data()));
                }
                if (!cas.isEmpty()) {
                    pki.validate(path, null);
                }
                eeCert = path.getFirst();
                validated.put(ee, eeCert);
            }
            if (!CertificateIdentity.matches(eeCert, idType, id)) {
                return "responder ID is not a name of its certificate";
            }
            AuthSignatures.verify(JdkPublicKeyOps.INSTANCE, eeCert.getPublicKey(), auth.method(), auth.data(), octets);
            return null;
        } catch (IOException e) {
            return "responder certificate unreadable";
        } catch (CertificateFailure e) {
            return "responder " + e.reason().counter();
        }
    }
}
