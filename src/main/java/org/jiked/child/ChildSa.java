package org.jiked.child;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jiked.crypto.ChildSaKeys;

/**
 * One negotiated ESP SA pair (a CHILD_SA, RFC 7296 section 1.3): our inbound SPI and the peer's,
 * the chosen transforms, the keys in each direction, the narrowed traffic selectors and the
 * counters the data plane keeps.
 */
public final class ChildSa {
    /** Lifecycle of a CHILD_SA. */
    public enum State { INSTALLED, REKEYING, DELETING, DELETED }

    private final String name;
    private final int inboundSpi;
    private final int outboundSpi;
    private final int encryptionId;
    private final int encryptionKeyBits;
    private final int integrityId;
    private final int dhGroup;
    private final boolean esn;
    private final ChildSaKeys keys;
    private final boolean exchangeInitiator;
    private final List<TrafficSelector> localSelectors;
    private final List<TrafficSelector> remoteSelectors;
    private volatile InetSocketAddress local;
    private volatile InetSocketAddress remote;
    private final boolean udpEncapsulated;
    private final long createdMillis;
    private final long lifetimeSeconds;
    private final long lifetimeKilobytes;
    private volatile State state = State.INSTALLED;
    private long rekeyAtMillis = Long.MAX_VALUE;
    private Object rekeyCollision;
    private volatile ChildSa outboundAfter;
    public final AtomicLong inboundBytes = new AtomicLong();
    public final AtomicLong inboundPackets = new AtomicLong();
    public final AtomicLong outboundBytes = new AtomicLong();
    public final AtomicLong outboundPackets = new AtomicLong();

    public ChildSa(String name, int inboundSpi, int outboundSpi, int encryptionId, int encryptionKeyBits,
                   int integrityId, int dhGroup, boolean esn, ChildSaKeys keys, boolean exchangeInitiator,
                   List<TrafficSelector> localSelectors, List<TrafficSelector> remoteSelectors,
                   InetSocketAddress local, InetSocketAddress remote, boolean udpEncapsulated,
                   long createdMillis, long lifetimeSeconds, long lifetimeKilobytes) {
        this.name = name;
        this.inboundSpi = inboundSpi;
        this.outboundSpi = outboundSpi;
        this.encryptionId = encryptionId;
        this.encryptionKeyBits = encryptionKeyBits;
        this.integrityId = integrityId;
        this.dhGroup = dhGroup;
        this.esn = esn;
        this.keys = keys;
        this.exchangeInitiator = exchangeInitiator;
        this.localSelectors = List.copyOf(localSelectors);
        this.remoteSelectors = List.copyOf(remoteSelectors);
        this.local = local;
        this.remote = remote;
        this.udpEncapsulated = udpEncapsulated;
        this.createdMillis = createdMillis;
        this.lifetimeSeconds = lifetimeSeconds;
        this.lifetimeKilobytes = lifetimeKilobytes;
    }

    public String name() { return name; }
    public int inboundSpi() { return inboundSpi; }
    public int outboundSpi() { return outboundSpi; }
    public int encryptionId() { return encryptionId; }
    public int encryptionKeyBits() { return encryptionKeyBits; }
    public int integrityId() { return integrityId; }
    public int dhGroup() { return dhGroup; }
    public boolean esn() { return esn; }
    public List<TrafficSelector> localSelectors() { return localSelectors; }
    public List<TrafficSelector> remoteSelectors() { return remoteSelectors; }
    public InetSocketAddress local() { return local; }
    public InetSocketAddress remote() { return remote; }
    public boolean udpEncapsulated() { return udpEncapsulated; }
    public long createdMillis() { return createdMillis; }
    public long lifetimeSeconds() { return lifetimeSeconds; }
    public long lifetimeKilobytes() { return lifetimeKilobytes; }
    public State state() { return state; }

    /** The peer moved (a NAT changed its mapping, RFC 7296 section 2.23): ESP goes to the new address. */
    public void endpoints(InetSocketAddress newLocal, InetSocketAddress newRemote) {
        local = newLocal;
        remote = newRemote;
    }

    /**
     * Set by the engine when the peer rekeyed this CHILD_SA while we were rekeying it too
     * (RFC 7296 section 2.8.1); opaque here, the engine's to interpret.
     */
    public Object rekeyCollision() { return rekeyCollision; }

    public void rekeyCollision(Object collision) {
        rekeyCollision = collision;
    }

    /**
     * The SA this one replaces when the peer started the rekey, until that SA is gone; null
     * otherwise. Meanwhile this SA takes inbound traffic only: the peer installs its inbound half
     * when our response arrives, so sending on it earlier could lose packets (RFC 7296 section 2.8:
     * the peer switches over by deleting the old SA).
     */
    public ChildSa outboundAfter() { return outboundAfter; }

    public void outboundAfter(ChildSa old) {
        outboundAfter = old;
    }

    /** When the engine starts this CHILD_SA's rekey (its soft lifetime). */
    public long rekeyAtMillis() { return rekeyAtMillis; }

    public void rekeyAtMillis(long at) {
        rekeyAtMillis = at;
    }

    public void state(State next) {
        state = next;
    }

    /** Encryption key of packets we send. */
    public byte[] outboundEncryptionKey() {
        return exchangeInitiator ? keys.encrI() : keys.encrR();
    }

    public byte[] outboundIntegrityKey() {
        return exchangeInitiator ? keys.integI() : keys.integR();
    }

    public byte[] inboundEncryptionKey() {
        return exchangeInitiator ? keys.encrR() : keys.encrI();
    }

    public byte[] inboundIntegrityKey() {
        return exchangeInitiator ? keys.integR() : keys.integI();
    }

    /** Zero-fills the key material once the SA is gone. */
    public void destroyKeys() {
        keys.destroy();
    }

    @Override
    public String toString() {
        return String.format("%s in=%08x out=%08x %s === %s", name, inboundSpi, outboundSpi, localSelectors,
                remoteSelectors);
    }
}
