package org.jiked.esp;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One SPD selector (RFC 4301 section 4.4.1): an address range, an IP protocol (0 for any) and a
 * port range, matched against a packet's headers where they lie in its buffer, without copying.
 * A selector narrower than all ports matches only TCP, UDP and SCTP packets that are not later
 * fragments, whose ports can be read (RFC 4301 section 4.4.1.1, OPAQUE ports match only ANY).
 */
public record PacketSelector(int ipProtocol, int startPort, int endPort, byte[] startAddress, byte[] endAddress) {
    public PacketSelector {
        if (startAddress.length != endAddress.length || (startAddress.length != 4 && startAddress.length != 16)) {
            throw new IllegalArgumentException("address range of mixed or unknown family");
        }
        startAddress = startAddress.clone();
        endAddress = endAddress.clone();
    }

    /** Every address of the family, any protocol and port. */
    public static PacketSelector any(boolean ipv6) {
        byte[] end = new byte[ipv6 ? 16 : 4];
        Arrays.fill(end, (byte) 0xff);
        return new PacketSelector(0, 0, 65535, new byte[end.length], end);
    }

    /**
     * Whether the packet's source ({@code source}) or destination address, protocol and port fall
     * in this selector. The packet starts at {@code packet.position()}; headers that do not fit
     * never match.
     */
    public boolean matches(ByteBuffer packet, boolean source) {
        int p = packet.position();
        int n = packet.remaining();
        if (n < 20) {
            return false;
        }
        int version = (packet.get(p) & 0xff) >>> 4;
        int addressLength = startAddress.length;
        int addressAt;
        int protocol;
        int l4;
        boolean laterFragment;
        if (version == 4 && addressLength == 4) {
            addressAt = p + (source ? 12 : 16);
            protocol = packet.get(p + 9) & 0xff;
            l4 = p + (packet.get(p) & 0x0f) * 4;
            laterFragment = (packet.getShort(p + 6) & 0x1fff) != 0;
        } else if (version == 6 && addressLength == 16 && n >= 40) {
            addressAt = p + (source ? 8 : 24);
            // extension headers are not walked: the next header is the protocol when it is a transport
            protocol = packet.get(p + 6) & 0xff;
            l4 = p + 40;
            laterFragment = false;
        } else {
            return false;
        }
        if (!inRange(packet, addressAt)) {
            return false;
        }
        if (ipProtocol != 0 && ipProtocol != protocol) {
            return false;
        }
        if (startPort == 0 && endPort == 65535) {
            return true;
        }
        boolean hasPorts = protocol == 6 || protocol == 17 || protocol == 132;
        if (!hasPorts || laterFragment || l4 + 4 > packet.limit()) {
            return false;
        }
        int port = packet.getShort(l4 + (source ? 0 : 2)) & 0xffff;
        return port >= startPort && port <= endPort;
    }

    private boolean inRange(ByteBuffer packet, int at) {
        return compare(packet, at, startAddress) >= 0 && compare(packet, at, endAddress) <= 0;
    }

    private static int compare(ByteBuffer packet, int at, byte[] address) {
        for (int i = 0; i < address.length; i++) {
            int d = (packet.get(at + i) & 0xff) - (address[i] & 0xff);
            if (d != 0) {
                return d;
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PacketSelector s && s.ipProtocol == ipProtocol && s.startPort == startPort
                && s.endPort == endPort && Arrays.equals(s.startAddress, startAddress)
                && Arrays.equals(s.endAddress, endAddress);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(startAddress) * 31 + Arrays.hashCode(endAddress) + ipProtocol;
    }
}
