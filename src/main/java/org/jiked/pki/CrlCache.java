package org.jiked.pki;

import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * CRLs by distribution point, fetched on demand and kept until their nextUpdate (or the
 * profile's refresh-interval). Bounded in entries, and a failed fetch is not retried for
 * {@link #RETRY_AFTER_FAILURE_MILLIS}, so a flood of peers naming a dead server costs one
 * timeout, not one per IKE_AUTH. Only CRLs whose signature verifies with the issuing CA's key
 * are stored. Thread-safe: the engine fills it, show commands read it.
 */
public final class CrlCache {
    static final int MAX_ENTRIES = 64;
    static final long RETRY_AFTER_FAILURE_MILLIS = 30_000;
    /** Without nextUpdate or refresh-interval a CRL is fetched again after an hour. */
    static final long DEFAULT_LIFETIME_MILLIS = 3_600_000;

    private final CrlFetcher fetcher;
    private final LongSupplier wallClock;
    private final Map<URI, Entry> entries = new LinkedHashMap<>();
    private final Map<URI, Long> failures = new LinkedHashMap<>();
    /** CRLs an operator loaded by hand, by CA profile; used before any distribution point. */
    private final Map<String, Entry> loaded = new LinkedHashMap<>();

    /**
     * One cached CRL.
     *
     * @param profile the CA profile it belongs to (a configured one, or dynamic-NNN)
     */
    public record Entry(URI uri, String profile, X509CRL crl, long fetchedMillis, long expiresMillis) {}

    public CrlCache(CrlFetcher fetcher, LongSupplier wallClockMillis) {
        this.fetcher = fetcher;
        this.wallClock = wallClockMillis;
    }

    /**
     * The current CRL at {@code uri} issued by {@code issuer}, fetched when missing or stale.
     *
     * @throws IOException when none can be had (the message says why)
     */
    public X509CRL get(URI uri, X509Certificate issuer, String profile, long refreshSeconds) throws IOException {
        long now = wallClock.getAsLong();
        synchronized (this) {
            Entry e = entries.get(uri);
            if (e != null && now < e.expiresMillis && e.crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
                return e.crl;
            }
            Long failed = failures.get(uri);
            if (failed != null && now - failed < RETRY_AFTER_FAILURE_MILLIS) {
                throw new IOException("fetching " + uri + " failed less than "
                        + RETRY_AFTER_FAILURE_MILLIS / 1000 + " s ago");
            }
        }
        X509CRL crl;
        try {
            crl = CredentialFiles.crl(fetcher.fetch(uri));
            verify(crl, issuer, now);
        } catch (IOException e) {
            synchronized (this) {
                failures.put(uri, now);
                trim(failures);
            }
            throw new IOException(uri + ": " + e.getMessage());
        }
        long expires = refreshSeconds > 0 ? now + refreshSeconds * 1000
                : crl.getNextUpdate() != null ? crl.getNextUpdate().getTime() : now + DEFAULT_LIFETIME_MILLIS;
        synchronized (this) {
            failures.remove(uri);
            entries.remove(uri);
            entries.put(uri, new Entry(uri, profile, crl, now, expires));
            trim(entries);
        }
        return crl;
    }

    /**
     * Stores a CRL loaded by {@code request security pki crl load}: it serves its profile until
     * its nextUpdate, ahead of any download.
     *
     * @throws IOException when the CA did not sign it or it is out of date
     */
    public void load(String profile, X509Certificate issuer, X509CRL crl, URI source) throws IOException {
        long now = wallClock.getAsLong();
        verify(crl, issuer, now);
        long expires = crl.getNextUpdate() != null ? crl.getNextUpdate().getTime() : Long.MAX_VALUE;
        synchronized (this) {
            loaded.put(profile, new Entry(source, profile, crl, now, expires));
        }
    }

    /** The loaded CRL of a profile while it is current, or null. */
    synchronized X509CRL loaded(String profile) {
        Entry e = loaded.get(profile);
        return e != null && wallClock.getAsLong() < e.expiresMillis ? e.crl : null;
    }

    /** A CRL is used only if its issuer signed it and it is current (RFC 5280 section 6.3.3). */
    static void verify(X509CRL crl, X509Certificate issuer, long now) throws IOException {
        if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            throw new IOException("CRL issued by " + crl.getIssuerX500Principal().getName() + ", not by "
                    + issuer.getSubjectX500Principal().getName());
        }
        try {
            crl.verify(issuer.getPublicKey());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException("CRL signature does not verify with the CA's key");
        }
        if (crl.getNextUpdate() != null && crl.getNextUpdate().getTime() < now) {
            throw new IOException("CRL expired at " + crl.getNextUpdate().toInstant());
        }
        if (crl.getThisUpdate().getTime() > now + 300_000) {
            throw new IOException("CRL thisUpdate lies in the future");
        }
    }

    private static void trim(Map<URI, ?> map) {
        while (map.size() > MAX_ENTRIES) {
            map.remove(map.keySet().iterator().next());
        }
    }

    /** The loaded CRLs, then the fetched ones, oldest first. */
    public synchronized List<Entry> entries() {
        List<Entry> out = new ArrayList<>(loaded.values());
        out.addAll(entries.values());
        return out;
    }
}
