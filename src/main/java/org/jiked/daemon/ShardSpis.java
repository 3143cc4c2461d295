package org.jiked.daemon;

import java.security.SecureRandom;
import org.jiked.ike.SpiAllocator;

/**
 * The SPIs of one IKE engine among {@code shards}: the first octet of each SPI it chooses, taken
 * modulo {@code shards}, is its index; the other 56 (IKE) or 24 (ESP) bits and most of the first
 * octet stay random. So the receive path finds the owner of a message from our SPI in its header
 * with no table, and ESP SPIs of different engines never collide in the one data plane.
 */
final class ShardSpis implements SpiAllocator {
    /** Engines beyond this would leave the first octet no choice. */
    static final int MAX_SHARDS = 256;

    private final int shard;
    private final int shards;
    /** How many first octets mean this shard: shard, shard + shards, ... below 256. */
    private final int choices;

    ShardSpis(int shard, int shards) {
        if (shards < 1 || shards > MAX_SHARDS || shard < 0 || shard >= shards) {
            throw new IllegalArgumentException("shard " + shard + " of " + shards);
        }
        this.shard = shard;
        this.shards = shards;
        this.choices = (MAX_SHARDS - shard + shards - 1) / shards;
    }

    /** The engine that chose the IKE SPI {@code spi}. */
    static int shardOf(long spi, int shards) {
        return (int) ((spi >>> 56) % shards);
    }

    /** The engine that chose the inbound ESP SPI {@code spi}. */
    static int shardOfChild(int spi, int shards) {
        return (spi >>> 24) % shards;
    }

    /** The first octet for a random one: the same randomness, moved onto this shard's octets. */
    private int firstOctet(int random) {
        return shard + shards * (random % choices);
    }

    @Override
    public long ikeSpi(SecureRandom random) {
        long r = random.nextLong();
        return (r & 0x00ff_ffff_ffff_ffffL) | (long) firstOctet((int) (r >>> 56)) << 56;
    }

    @Override
    public int childSpi(SecureRandom random) {
        int r = random.nextInt();
        return (r & 0x00ff_ffff) | firstOctet(r >>> 24) << 24;
    }
}
