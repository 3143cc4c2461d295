package org.jiked.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jiked.wire.payload.Payload;
import org.junit.jupiter.api.Test;

/**
 * Deterministic mutation of valid messages: whatever the octets, decoding either yields a
 * message or an {@link IkeDecodeException}, never another exception; and whatever it accepts,
 * the encoder can write back in a form that decodes to the same encoding.
 */
class MutationTest {
    private static final int ROUNDS = 2500;

    /** Identity "cipher" with no IV and no ICV, so that mutated ciphertext reaches the inner decoder. */
    private static final EncryptedPayloadCipher CLEAR = new XorTestCipher(0, 0, 1);

    @Test
    void ikeSaInitFixture() {
        run(0x5eed0001L, Hex.decode(IkeSaInitFixtureTest.STRONGSWAN_IKE_SA_INIT), null);
    }

    @Test
    void messageWithEveryPayloadType() {
        List<Payload> all = new ArrayList<>(Fixtures.everyPlainPayload());
        all.addAll(Fixtures.everyInnerPayload());
        run(0x5eed0002L, IkeMessageCodec.encode(Fixtures.initHeader(), all), null);
    }

    @Test
    void protectedMessageOpenedWithAClearCipher() {
        byte[] wire = IkeMessageCodec.encodeProtected(Fixtures.authHeader(), Fixtures.everyInnerPayload(), CLEAR);
        run(0x5eed0003L, wire, CLEAR);
    }

    @Test
    void fragmentMessage() {
        List<byte[]> fragments = IkeMessageCodec.encodeProtectedFragments(Fixtures.authHeader(),
                Fixtures.everyInnerPayload(), XorTestCipher.aeadLike(), 500);
        run(0x5eed0004L, fragments.get(1), null);
    }

    @Test
    void innerChainAlone() {
        PayloadChain chain = IkeMessageCodec.encodePayloadChain(Fixtures.everyInnerPayload());
        Random rnd = new Random(0x5eed0005L);
        assertTimeout(Duration.ofSeconds(5), () -> {
            for (int i = 0; i < ROUNDS; i++) {
                byte[] m = mutate(chain.bytes(), rnd, false);
                int firstType = rnd.nextInt(8) == 0 ? rnd.nextInt(256) : chain.firstType();
                try {
                    List<Payload> back = IkeMessageCodec.decodeChain(firstType, m);
                    IkeMessageCodec.encodePayloadChain(back);
                } catch (IkeDecodeException expected) {
                    requireNoHiddenBug(expected, m);
                } catch (RuntimeException e) {
                    throw new AssertionError("round " + i + ": " + Hex.encode(m), e);
                }
            }
        });
    }

    private static void run(long seed, byte[] valid, EncryptedPayloadCipher cipher) {
        Random rnd = new Random(seed);
        int[] outcome = new int[2];
        assertTimeout(Duration.ofSeconds(5), () -> {
            for (int i = 0; i < ROUNDS; i++) {
                byte[] m = mutate(valid, rnd, true);
                try {
                    IkeMessage decoded = IkeMessageCodec.decode(m);
                    outcome[0]++;
                    checkReencoding(decoded);
                    if (cipher != null) {
                        IkeMessageCodec.decrypt(m, decoded, cipher);
                    }
                } catch (IkeDecodeException expected) {
                    requireNoHiddenBug(expected, m);
                    outcome[1]++;
                } catch (EncryptedPayloadCipher.IntegrityException expected) {
                    outcome[1]++;
                } catch (RuntimeException | AssertionError e) {
                    fail("seed " + seed + " round " + i + ": " + e + "\n" + Hex.encode(m), e);
                }
            }
        });
        // both outcomes must be common, or the mutations never reached past the header checks
        assertTrue(outcome[0] > ROUNDS / 20 && outcome[1] > ROUNDS / 20,
                "accepted " + outcome[0] + ", refused " + outcome[1]);
    }

    /**
     * The codec turns an unchecked exception into INVALID_SYNTAX as a last line of defence; such a
     * refusal carries the exception as its cause and is a decoder bug all the same.
     */
    private static void requireNoHiddenBug(IkeDecodeException e, byte[] input) {
        if (e.getCause() != null) {
            throw new AssertionError("decoder bug behind the refusal of " + Hex.encode(input), e.getCause());
        }
    }

    private static void checkReencoding(IkeMessage decoded) throws IkeDecodeException {
        byte[] again = IkeMessageCodec.encode(decoded.header(), decoded.payloads());
        IkeMessage second = IkeMessageCodec.decode(again);
        assertArrayEquals(again, IkeMessageCodec.encode(second.header(), second.payloads()));
    }

    /** One to three mutations; with {@code fixLength} the IKE header length follows size changes. */
    static byte[] mutate(byte[] valid, Random rnd, boolean fixLength) {
        byte[] m = valid.clone();
        int count = 1 + rnd.nextInt(3);
        for (int k = 0; k < count && m.length > 0; k++) {
            int at = rnd.nextInt(m.length);
            switch (rnd.nextInt(6)) {
                case 0 -> m[at] ^= (byte) (1 << rnd.nextInt(8));
                case 1 -> m[at] = (byte) rnd.nextInt(256);
                case 2 -> m[at] = rnd.nextBoolean() ? 0 : (byte) 0xff;
                case 3 -> {
                    // length-like fields: small, boundary and off-by-one values
                    int[] interesting = {0, 1, 3, 4, 7, 8, 15, 16, 40, 255, 256, 0xffff};
                    int v = interesting[rnd.nextInt(interesting.length)];
                    if (at + 1 < m.length) {
                        m[at] = (byte) (v >>> 8);
                        m[at + 1] = (byte) v;
                    }
                }
                case 4 -> m = Arrays.copyOf(m, rnd.nextInt(m.length + 1));
                default -> {
                    int n = 1 + rnd.nextInt(8);
                    byte[] grown = new byte[m.length + n];
                    System.arraycopy(m, 0, grown, 0, at);
                    for (int j = 0; j < n; j++) {
                        grown[at + j] = (byte) rnd.nextInt(256);
                    }
                    System.arraycopy(m, at, grown, at + n, m.length - at);
                    m = grown;
                }
            }
        }
        if (fixLength && m.length >= IkeHeader.LENGTH && rnd.nextInt(10) != 0) {
            int len = m.length;
            m[24] = (byte) (len >>> 24);
            m[25] = (byte) (len >>> 16);
            m[26] = (byte) (len >>> 8);
            m[27] = (byte) len;
        }
        return m;
    }
}
