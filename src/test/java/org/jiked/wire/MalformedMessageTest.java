package org.jiked.wire;

import static org.jiked.wire.Fixtures.message;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every length and structure check of the decoder, one named case each: what the datagram
 * looks like and which notification (0 = drop silently) the decoder must answer with.
 */
class MalformedMessageTest {
    private static final int DROP = 0;
    private static final int SYNTAX = NotifyType.INVALID_SYNTAX;

    /** A payload's generic header with a correct length, in front of {@code bodyHex}. */
    static String payload(int next, String bodyHex) {
        int length = 4 + Hex.decode(bodyHex).length;
        return String.format("%02x 00 %04x %s", next, length, bodyHex);
    }

    static String repeat(String hexByte, int n) {
        return hexByte.repeat(n);
    }

    /** Proposal 1: IKE, no SPI, one transform (ENCR AES-CBC). */
    static final String PROPOSAL = "00 00 0010 01 01 00 01  00 00 0008 01 00 000c";

    /** {@code because} is part of the decoder's reason, so a case cannot pass on an unrelated check. */
    static Arguments bad(String name, byte[] wire, int notify, String because) {
        return Arguments.of(name, wire, notify, because);
    }

    static Arguments bad(String name, int firstType, String payloadsHex, int notify, String because) {
        return Arguments.of(name, message(firstType, payloadsHex), notify, because);
    }

    static byte[] valid() {
        return message(PayloadType.NONCE, payload(0, repeat("ab", 16)));
    }

    static byte[] withByte(byte[] m, int at, int value) {
        byte[] c = m.clone();
        c[at] = (byte) value;
        return c;
    }

    static Stream<Arguments> cases() {
        int sa = PayloadType.SA;
        String v4 = "07 00 0010 0000ffff 0a000000 0a0000ff";
        return Stream.of(
                // fixed header (3.1)
                bad("empty datagram", new byte[0], DROP, "shorter than the IKE header"),
                bad("truncated header", Arrays.copyOf(valid(), 27), DROP, "shorter than the IKE header"),
                bad("length field larger than datagram", withByte(valid(), 27, valid().length + 1), DROP,
                        "header length 49"),
                bad("length field smaller than datagram", Arrays.copyOf(valid(), valid().length + 1), DROP,
                        "header length 48"),
                bad("header length below 28", withByte(message(0, ""), 27, 20), DROP, "header length 20"),
                bad("major version 1", withByte(valid(), 17, 0x10), NotifyType.INVALID_MAJOR_VERSION,
                        "major version 1"),
                bad("major version 3", withByte(valid(), 17, 0x30), NotifyType.INVALID_MAJOR_VERSION,
                        "major version 3"),
                // generic payload header (3.2)
                bad("payload header truncated", PayloadType.VENDOR_ID, "00 00", SYNTAX,
                        "payload header of V truncated"),
                bad("payload length below 4", PayloadType.VENDOR_ID, "00 00 0003", SYNTAX, "below 4"),
                bad("payload length 0", PayloadType.VENDOR_ID, "00 00 0000 0000", SYNTAX, "below 4"),
                bad("payload past end of message", PayloadType.VENDOR_ID, "00 00 0010 0102", SYNTAX,
                        "runs past the message"),
                bad("octets after last payload", PayloadType.VENDOR_ID, "00 00 0004 ff", SYNTAX,
                        "after the last payload"),
                bad("next payload but message ends", PayloadType.VENDOR_ID, "2b 00 0004", SYNTAX,
                        "payload header of V truncated"),
                bad("header names a payload, message has none", PayloadType.VENDOR_ID, "", SYNTAX,
                        "payload header of V truncated"),
                // SA, proposals, transforms, attributes (3.3)
                bad("SA without proposal", sa, payload(0, ""), SYNTAX, "without a proposal"),
                bad("SA proposal length past SA", sa, payload(0, "00 00 0020 01 01 00 01 00 00 0008 01 00 000c"),
                        SYNTAX, "runs past the SA payload"),
                bad("SA proposal length below 8", sa, payload(0, "00 00 0004 01 01 00 00"), SYNTAX,
                        "proposal length 4 below 8"),
                bad("SA proposal header truncated", sa, payload(0, "00 00 0008 01 01"), SYNTAX,
                        "proposal header truncated"),
                bad("SA proposal last-substructure 1", sa, payload(0, "01" + PROPOSAL.substring(2)), SYNTAX,
                        "'last substructure' value 1"),
                bad("SA proposal says more, none follows", sa, payload(0, "02" + PROPOSAL.substring(2)), SYNTAX,
                        "proposal header truncated"),
                bad("SA proposal says last, another follows", sa,
                        payload(0, PROPOSAL + "00 00 0010 02 01 00 01 00 00 0008 01 00 000c"), SYNTAX,
                        "after the last proposal"),
                bad("SA proposals numbered 1 then 3", sa,
                        payload(0, "02" + PROPOSAL.substring(2) + "00 00 0010 03 01 00 01 00 00 0008 01 00 000c"),
                        SYNTAX, "proposal 2 numbered 3"),
                bad("SA first of two proposals numbered 2", sa,
                        payload(0, "02 00 0010 02 01 00 01 00 00 0008 01 00 000c" + PROPOSAL.replace("0010 01",
                        "0010 03")),
                        SYNTAX, "proposal 1 numbered 2"),
                bad("SA single proposal numbered 0", sa, payload(0, "00 00 0010 00 01 00 01 00 00 0008 01 00 000c"),
                        SYNTAX, "proposal number 0"),
                bad("SA proposal SPI size 3", sa, payload(0, "00 00 0013 01 03 03 01 aabbcc 00 00 0008 03 00 000c"),
                        SYNTAX, "SPI size 3"),
                bad("SA proposal SPI past proposal", sa, payload(0, "00 00 000c 01 03 08 00 aabbccdd"), SYNTAX,
                        "SPI runs past"),
                bad("SA transform count larger than present", sa,
                        payload(0, "00 00 0010 01 01 00 02 03 00 0008 01 00 000c"), SYNTAX, "fewer transforms"),
                bad("SA transform count smaller than present", sa,
                        payload(0, "00 00 0018 01 01 00 01 00 00 0008 01 00 000c 00 00 0008 03 00 000c"), SYNTAX,
                        "more than its 1 transforms"),
                bad("SA transform count 0 with a transform", sa,
                        payload(0, "00 00 0010 01 01 00 00 00 00 0008 01 00 000c"), SYNTAX,
                        "more than its 0 transforms"),
                bad("SA last transform flagged 3", sa, payload(0, "00 00 0010 01 01 00 01 03 00 0008 01 00 000c"),
                        SYNTAX, "value 3 disagrees"),
                bad("SA non-last transform flagged 0", sa,
                        payload(0, "00 00 0018 01 01 00 02 00 00 0008 01 00 000c 00 00 0008 03 00 000c"), SYNTAX,
                        "value 0 disagrees"),
                bad("SA transform length below 8", sa, payload(0, "00 00 0010 01 01 00 01 00 00 0004 01 00 000c"),
                        SYNTAX, "transform length 4 below 8"),
                bad("SA transform length past proposal", sa,
                        payload(0, "00 00 0010 01 01 00 01 00 00 0010 01 00 000c"), SYNTAX, "runs past the proposal"),
                bad("SA attribute running past transform", sa,
                        payload(0, "00 00 0016 01 01 00 01 00 00 000e 01 00 000c 000e 0008 0100"), SYNTAX,
                        "attribute 14 runs past"),
                bad("SA attribute header truncated", sa,
                        payload(0, "00 00 0012 01 01 00 01 00 00 000a 01 00 000c 800e"), SYNTAX,
                        "attribute header runs past"),
                bad("SA TV attribute value truncated", sa,
                        payload(0, "00 00 0013 01 01 00 01 00 00 000b 01 00 000c 800e01"), SYNTAX,
                        "attribute header runs past"),
                // fixed parts of the other payloads (3.4 to 3.16)
                bad("KE shorter than 8", PayloadType.KE, payload(0, "001f00"), SYNTAX, "KE payload length 7 below 8"),
                bad("IDi shorter than 8", PayloadType.IDI, payload(0, "020000"), SYNTAX, "ID payload length 7"),
                bad("AUTH shorter than 8", PayloadType.AUTH, payload(0, "0e"), SYNTAX, "AUTH payload length 5"),
                bad("CERT shorter than 5", PayloadType.CERT, payload(0, ""), SYNTAX, "CERT payload length 4 below 5"),
                bad("CERTREQ shorter than 5", PayloadType.CERTREQ, payload(0, ""), SYNTAX,
                        "CERTREQ payload length 4"),
                bad("N shorter than 8", PayloadType.NOTIFY, payload(0, "000040"), SYNTAX, "N payload length 7"),
                bad("N SPI past payload", PayloadType.NOTIFY, payload(0, "03 04 4009 0102"), SYNTAX,
                        "SPI size 4 exceeds"),
                bad("D shorter than 8", PayloadType.DELETE, payload(0, "0304"), SYNTAX, "D payload length 6"),
                bad("D SPI size times count disagrees", PayloadType.DELETE, payload(0, "03 04 0002 01020304"),
                        SYNTAX, "2 SPIs of 4 octets in 4"),
                bad("D SPIs beyond the count", PayloadType.DELETE, payload(0, "03 04 0001 01020304 05060708"),
                        SYNTAX, "1 SPIs of 4 octets in 8"),
                bad("D SPI size 0 with SPIs", PayloadType.DELETE, payload(0, "01 00 0001"), SYNTAX,
                        "SPI size 0 lists"),
                bad("nonce too short (15)", PayloadType.NONCE, payload(0, repeat("11", 15)), SYNTAX, "nonce of 15"),
                bad("nonce too long (257)", PayloadType.NONCE, payload(0, repeat("11", 257)), SYNTAX, "nonce of 257"),
                bad("TS shorter than 8", PayloadType.TSI, payload(0, "01"), SYNTAX, "TS payload length 5"),
                bad("TS with zero selectors", PayloadType.TSI, payload(0, "00 000000"), SYNTAX, "no selectors"),
                bad("TS unknown type 9", PayloadType.TSI, payload(0,
                        "01 000000 09 00 0010 0000ffff 0a000000 0a0000ff"),
                        SYNTAX, "unknown traffic selector type 9"),
                bad("TS IPv4 with length 40", PayloadType.TSI,
                        payload(0, "01 000000 07 00 0028 0000ffff" + repeat("00", 32)), SYNTAX,
                        "type 7 with length 40"),
                bad("TS IPv6 with length 16", PayloadType.TSR,
                        payload(0, "01 000000 08 00 0010 0000ffff 0a000000 0a0000ff"), SYNTAX,
                        "type 8 with length 16"),
                bad("TS IPv4 with length 15", PayloadType.TSI, payload(0,
                        "01 000000 07 00 000f 0000ffff 0a000000 0a0000"),
                        SYNTAX, "type 7 with length 15"),
                bad("TS count larger than present", PayloadType.TSI, payload(0, "02 000000" + v4), SYNTAX,
                        "selector header truncated"),
                bad("TS count smaller than present", PayloadType.TSI, payload(0, "01 000000" + v4 + v4), SYNTAX,
                        "longer than its content"),
                bad("TS selector truncated", PayloadType.TSI, payload(0, "01 000000 07 00 0010 0000ffff 0a000000"),
                        SYNTAX, "selector runs past"),
                bad("TS selector header truncated", PayloadType.TSI, payload(0, "01 000000 0700"), SYNTAX,
                        "selector header truncated"),
                bad("CP shorter than 8", PayloadType.CP, payload(0, "01"), SYNTAX, "CP payload length 5"),
                bad("CP attribute past payload", PayloadType.CP, payload(0, "01 000000 0001 0004 0a01"), SYNTAX,
                        "attribute 1 runs past"),
                bad("CP attribute header truncated", PayloadType.CP, payload(0, "01 000000 0001"), SYNTAX,
                        "attribute header truncated"),
                bad("EAP shorter than 8", PayloadType.EAP, payload(0, "010700"), SYNTAX, "EAP payload length 7"),
                bad("EAP length disagrees with payload", PayloadType.EAP, payload(0, "01 07 0009 01"), SYNTAX,
                        "EAP length 9"),
                // sealed payloads (3.14, RFC 7383 2.5)
                bad("SK not last", PayloadType.SK, payload(PayloadType.IDI, "01020304") + payload(0, "05"), SYNTAX,
                        "SK is not the last"),
                bad("SKF not last", PayloadType.SKF, payload(0, "0001 0001 01020304") + "00 00 0004", SYNTAX,
                        "SKF is not the last"),
                bad("SKF shorter than 8", PayloadType.SKF, payload(0, "0001"), SYNTAX, "SKF payload length 6"),
                bad("SKF fragment number 0", PayloadType.SKF, payload(0, "0000 0002 01020304"), DROP,
                        "fragment 0 of 2"),
                bad("SKF fragment number above total", PayloadType.SKF, payload(0, "0003 0002 01020304"), DROP,
                        "fragment 3 of 2"),
                bad("SKF total 0", PayloadType.SKF, payload(0, "0001 0000 01020304"), DROP, "fragment 1 of 0"),
                bad("SKF total above 32", PayloadType.SKF, payload(0, "0001 0021 01020304"), DROP, "33 fragments"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefused(String name, byte[] wire, int notify, String because) {
        IkeDecodeException e = assertThrows(IkeDecodeException.class, () -> IkeMessageCodec.decode(wire), name);
        assertEquals(notify, e.notifyType(), () -> name + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(because), () -> name + ": refused for another reason: " + e.getMessage());
    }

    @Test
    void validBaseOfTheMatrixDecodes() throws Exception {
        assertEquals(1, IkeMessageCodec.decode(valid()).payloads().size());
        assertEquals(1, IkeMessageCodec.decode(message(PayloadType.SA, payload(0, PROPOSAL))).payloads().size());
        assertEquals(1, IkeMessageCodec.decode(message(PayloadType.SKF, payload(0,
                        "0020 0020 01"))).payloads().size());
    }

    @Test
    void unknownCriticalPayloadAnswersWithItsTypeOctet() {
        byte[] wire = message(PayloadType.NONCE, payload(0xc8, repeat("ab", 16)) + "00 80 0005 aa");
        IkeDecodeException e = assertThrows(IkeDecodeException.class, () -> IkeMessageCodec.decode(wire));
        assertEquals(NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD, e.notifyType());
        assertArrayEquals(new byte[] {(byte) 0xc8}, e.notifyData());
    }

    @Test
    void decodeHeaderAppliesTheSameHeaderChecks() {
        assertEquals(DROP, assertThrows(IkeDecodeException.class,
                () -> IkeMessageCodec.decodeHeader(new byte[20])).notifyType());
        assertEquals(NotifyType.INVALID_MAJOR_VERSION, assertThrows(IkeDecodeException.class,
                () -> IkeMessageCodec.decodeHeader(withByte(valid(), 17, 0x10))).notifyType());
    }

    @Test
    void sealedPayloadsMayNotNestInAnInnerChain() {
        byte[] sk = Hex.decode(payload(0, "01020304"));
        assertEquals(SYNTAX, assertThrows(IkeDecodeException.class,
                () -> IkeMessageCodec.decodeChain(PayloadType.SK, sk)).notifyType());
        byte[] skf = Hex.decode(payload(0, "0001 0001 01020304"));
        assertEquals(SYNTAX, assertThrows(IkeDecodeException.class,
                () -> IkeMessageCodec.decodeChain(PayloadType.SKF, skf)).notifyType());
        byte[] afterNonce = Hex.decode(payload(PayloadType.SK, repeat("ab", 16)) + payload(0, "01"));
        assertEquals(SYNTAX, assertThrows(IkeDecodeException.class,
                () -> IkeMessageCodec.decodeChain(PayloadType.NONCE, afterNonce)).notifyType());
    }

    @Test
    void matrixNamesAreUnique() {
        assertEquals(cases().count(), cases().map(a -> a.get()[0]).distinct().count());
    }
}
