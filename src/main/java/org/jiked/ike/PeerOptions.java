package org.jiked.ike;

/**
 * The per-peer knobs of the SA lifecycle, kept together so that adding one does not change every
 * caller of {@link PeerConfig}.
 *
 * @param dpd dead peer detection (Junos {@code dead-peer-detection})
 * @param fragmentation RFC 7383 (Junos {@code fragmentation})
 * @param reauthFrequency IKE rekeys before a full reauthentication; 0 never (Junos {@code reauth-frequency})
 * @param natTraversal whether NAT detection payloads are sent (Junos {@code no-nat-traversal} turns it off)
 * @param natKeepaliveSeconds NAT-T keepalive interval while we are behind a NAT (Junos {@code nat-keepalive})
 * @param blocklist IKE IDs refused at authentication (Junos {@code blocklist} on the IKE policy), or null
 * @param pskSeed {@code seeded-pre-shared-key} on the IKE policy: each initiator's key is derived
 *     from it and the initiator's ID ({@link SeededPreSharedKey}); null for the plain pre-shared key
 */
public record PeerOptions(DpdSettings dpd, Fragmentation fragmentation, int reauthFrequency, boolean natTraversal,
                          int natKeepaliveSeconds, IdBlocklist blocklist, byte[] pskSeed) {
    public static final PeerOptions DEFAULT = new PeerOptions(DpdSettings.OFF, Fragmentation.DEFAULT, 0, true, 20,
            null, null);

    public PeerOptions(DpdSettings dpd, Fragmentation fragmentation, int reauthFrequency, boolean natTraversal,
                       int natKeepaliveSeconds, IdBlocklist blocklist) {
        this(dpd, fragmentation, reauthFrequency, natTraversal, natKeepaliveSeconds, blocklist, null);
    }

    public PeerOptions(DpdSettings dpd, Fragmentation fragmentation, int reauthFrequency, boolean natTraversal,
                       int natKeepaliveSeconds) {
        this(dpd, fragmentation, reauthFrequency, natTraversal, natKeepaliveSeconds, null);
    }

    public PeerOptions {
        dpd = dpd == null ? DpdSettings.OFF : dpd;
        fragmentation = fragmentation == null ? Fragmentation.DEFAULT : fragmentation;
        pskSeed = pskSeed == null ? null : pskSeed.clone();
    }

    @Override
    public byte[] pskSeed() {
        return pskSeed == null ? null : pskSeed.clone();
    }

    public PeerOptions withDpd(DpdSettings v) {
        return new PeerOptions(v, fragmentation, reauthFrequency, natTraversal, natKeepaliveSeconds, blocklist,
                pskSeed);
    }

    public PeerOptions withFragmentation(Fragmentation v) {
        return new PeerOptions(dpd, v, reauthFrequency, natTraversal, natKeepaliveSeconds, blocklist, pskSeed);
    }

    public PeerOptions withReauthFrequency(int v) {
        return new PeerOptions(dpd, fragmentation, v, natTraversal, natKeepaliveSeconds, blocklist, pskSeed);
    }

    public PeerOptions withNatTraversal(boolean enabled, int keepaliveSeconds) {
        return new PeerOptions(dpd, fragmentation, reauthFrequency, enabled, keepaliveSeconds, blocklist, pskSeed);
    }

    public PeerOptions withPskSeed(byte[] v) {
        return new PeerOptions(dpd, fragmentation, reauthFrequency, natTraversal, natKeepaliveSeconds, blocklist, v);
    }

    public PeerOptions withBlocklist(IdBlocklist v) {
        return new PeerOptions(dpd, fragmentation, reauthFrequency, natTraversal, natKeepaliveSeconds, v, pskSeed);
    }
}
