package org.jiked.pki;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Fetches a CRL from a distribution point. The HTTP implementation is bounded as PITFALLS.md
 * asks of anything a peer's certificate can point at: plain HTTP only (RFC 5280 section 4.2.1.13
 * CRLs are signed, TLS adds nothing), no redirects, a few seconds in all, at most 1 MiB.
 */
@FunctionalInterface
public interface CrlFetcher {
    int MAX_CRL_BYTES = 1 << 20;
    Duration TIMEOUT = Duration.ofSeconds(5);

    byte[] fetch(URI uri) throws IOException;

    /** The HTTP fetcher the daemon uses; its client (and thread) is made on the first fetch. */
    static CrlFetcher http() {
        return new CrlFetcher() {
            private HttpClient client;

            private synchronized HttpClient client() {
                if (client == null) {
                    client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
                            .followRedirects(HttpClient.Redirect.NEVER).build();
                }
                return client;
            }

            @Override
            public byte[] fetch(URI uri) throws IOException {
                if (!"http".equalsIgnoreCase(uri.getScheme())) {
                    throw new IOException("only http:// CRL distribution points are fetched, not " + uri.getScheme());
                }
                HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
                HttpResponse<InputStream> response;
                try {
                    response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
                try (InputStream in = response.body()) {
                    if (response.statusCode() != 200) {
                        throw new IOException("HTTP status " + response.statusCode());
                    }
                    byte[] body = in.readNBytes(MAX_CRL_BYTES + 1);
                    if (body.length > MAX_CRL_BYTES) {
                        throw new IOException("CRL larger than " + MAX_CRL_BYTES + " bytes");
                    }
                    return body;
                }
            }
        };
    }
}
