package org.jiked.esp;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.jiked.crypto.Integrity;

/**
 * One direction of an ESP SA (RFC 4303 section 3): the SPI, the transform and its keys, and the
 * sequence number state, a counter when sending and a {@link ReplayWindow} when receiving.
 *
 * <p>The JCA objects are made once per SA and thread ({@link #engines}), so the per-packet path
 * allocates nothing but the cipher's parameter spec. The byte and packet counters are handed in,
 * so that whoever shows SAs (the CHILD_SA) sees the same numbers the data plane counts.
 */
public final class EspSa {
    private final int spi;
    private final EspTransform transform;
    private final boolean esn;
    private final SecretKeySpec cipherKey;
    private final byte[] salt;
    private final byte[] integrityKey;
    private final ReplayWindow replay;
    private final AtomicLong nextSequence = new AtomicLong(1);
    private final AtomicLong bytes;
    private final AtomicLong packets;
    private final ThreadLocal<Engines> engines;
    private volatile boolean destroyed;
    private volatile boolean exhausted;

    private EspSa(int spi, EspTransform transform, boolean esn, byte[] encryptionKey, byte[] integrityKey,
                  ReplayWindow replay, AtomicLong bytes, AtomicLong packets) {
        if (encryptionKey.length != transform.encryptionKeyLength()
                || (integrityKey == null ? 0 : integrityKey.length) != transform.integrityKeyLength()) {
            throw new IllegalArgumentException("key lengths do not fit " + transform);
        }
        this.spi = spi;
        this.transform = transform;
        this.esn = esn;
        int keyLength = transform.aead() ? encryptionKey.length - EspTransform.SALT_LENGTH : encryptionKey.length;
        this.cipherKey = new SecretKeySpec(encryptionKey, 0, keyLength,
                transform.kind() == EspTransform.Kind.CHACHA20_POLY1305 ? "ChaCha20" : "AES");
        this.salt = Arrays.copyOfRange(encryptionKey, keyLength, encryptionKey.length);
        this.integrityKey = integrityKey == null ? new byte[0] : integrityKey.clone();
        this.replay = replay;
        this.bytes = bytes;
        this.packets = packets;
        this.engines = ThreadLocal.withInitial(this::newEngines);
    }

    /** An SA we send on; the peer chose {@code spi}. */
    public static EspSa outbound(int spi, EspTransform transform, boolean esn, byte[] encryptionKey,
                                 byte[] integrityKey, AtomicLong bytes, AtomicLong packets) {
        return new EspSa(spi, transform, esn, encryptionKey, integrityKey, null, bytes, packets);
    }

    /** An SA we receive on, with an anti-replay window of {@code replayWindowSize} packets (0: off). */
    public static EspSa inbound(int spi, EspTransform transform, boolean esn, byte[] encryptionKey,
                                byte[] integrityKey, int replayWindowSize, AtomicLong bytes, AtomicLong packets) {
        return new EspSa(spi, transform, esn, encryptionKey, integrityKey, new ReplayWindow(replayWindowSize, esn),
                bytes, packets);
    }

    public int spi() {
        return spi;
    }

    public EspTransform transform() {
        return transform;
    }

    public boolean esn() {
        return esn;
    }

    /** The receiver's window; null for an outbound SA. */
    public ReplayWindow replayWindow() {
        return replay;
    }

    public long bytes() {
        return bytes.get();
    }

    public long packets() {
        return packets.get();
    }

    /** The sequence number the next packet will carry. */
    public long peekSequence() {
        return nextSequence.get();
    }

    /** For tests and for SAs taken over mid-stream: the next sequence number to send. */
    public void sequence(long next) {
        nextSequence.set(next);
    }

    /**
     * The next sequence number, or -1 once it would cycle (RFC 4303 section 3.3.3): 2^32 - 1 is
     * the last without ESN, 2^64 - 1 with it.
     */
    long takeSequence() {
        if (exhausted) {
            return -1;
        }
        long s = nextSequence.getAndIncrement();
        if (esn ? s == 0 : s > 0xffffffffL) {
            exhausted = true;
            return -1;
        }
        return s;
    }

    /**
     * True once the SA has used up most of its sequence space (all but 2^20 without ESN), so that
     * a rekey can finish before packets would have to be dropped.
     */
    public boolean nearlyExhausted() {
        long s = nextSequence.get();
        return exhausted || (esn ? Long.compareUnsigned(s, -1L - (1L << 20)) > 0 : s > 0xffffffffL - (1L << 20));
    }

    void count(int innerLength) {
        bytes.addAndGet(innerLength);
        packets.incrementAndGet();
    }

    byte[] salt() {
        return salt;
    }

    SecretKeySpec cipherKey() {
        return cipherKey;
    }

    Engines engines() {
        return engines.get();
    }

    boolean destroyed() {
        return destroyed;
    }

    /** Zero-fills the keys this SA holds; packets still in flight on it are dropped afterwards. */
    public void destroy() {
        destroyed = true;
        Arrays.fill(integrityKey, (byte) 0);
        Arrays.fill(salt, (byte) 0);
    }

    private Engines newEngines() {
        try {
            Cipher c = Cipher.getInstance(switch (transform.kind()) {
                case AES_GCM_16 -> "AES/GCM/NoPadding";
                case CHACHA20_POLY1305 -> "ChaCha20-Poly1305";
                case AES_CBC_HMAC -> "AES/CBC/NoPadding";
            });
            Integrity.Keyed mac = transform.aead() ? null : Integrity.of(transform.integrityId()).keyed(integrityKey);
            return new Engines(c, mac, transform.aead() ? null : SecureRandom.getInstance("DRBG"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(transform + " unavailable", e);
        }
    }

    /** The per-thread JCA objects and scratch arrays of one SA. */
    static final class Engines {
        final Cipher cipher;
        final Integrity.Keyed mac;
        final SecureRandom ivSource;
        final byte[] nonce = new byte[12];
        final byte[] iv = new byte[16];
        final byte[] aad = new byte[12];
        final byte[] icv = new byte[32];

        Engines(Cipher cipher, Integrity.Keyed mac, SecureRandom ivSource) {
            this.cipher = cipher;
            this.mac = mac;
            this.ivSource = ivSource;
        }
    }

    @Override
    public String toString() {
        return String.format("ESP SA %08x %s%s", spi, transform, esn ? " esn" : "");
    }
}
