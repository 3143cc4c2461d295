package org.jiked.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each engine's SPIs name it in their first octet and stay random otherwise. */
class ShardSpisTest {
    @Test
    void everySpiNamesTheEngineThatChoseIt() {
        SecureRandom random = new SecureRandom();
        for (int shards : new int[] {1, 2, 3, 5, 8, 256}) {
            for (int shard = 0; shard < shards; shard++) {
                ShardSpis spis = new ShardSpis(shard, shards);
                Set<Integer> firstOctets = new HashSet<>();
                Set<Long> ike = new HashSet<>();
                for (int i = 0; i < 500; i++) {
                    long spi = spis.ikeSpi(random);
                    assertEquals(shard, ShardSpis.shardOf(spi, shards), Long.toHexString(spi));
                    assertEquals(shard, ShardSpis.shardOfChild(spis.childSpi(random), shards));
                    firstOctets.add((int) (spi >>> 56));
                    ike.add(spi);
                }
                assertEquals(500, ike.size(), "the rest of the SPI stays random");
                int choices = (256 - shard + shards - 1) / shards;
                assertTrue(choices == 1 || firstOctets.size() > 1, "the first octet keeps its randomness too");
            }
        }
    }
}
