package org.jiked.child;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.jiked.wire.TsType;
import org.jiked.wire.payload.TsPayload;

/**
 * One traffic selector: an address range, an IP protocol (0 = any) and a port range
 * (RFC 7296 section 3.13.1). Addresses are kept as raw octets so ranges compare without
 * allocation; both ends are of the same family.
 */
public record TrafficSelector(int ipProtocol, int startPort, int endPort, byte[] startAddress, byte[] endAddress) {
    public TrafficSelector {
        if (startAddress.length != endAddress.length || (startAddress.length != 4 && startAddress.length != 16)) {
            throw new IllegalArgumentException("address range of mixed or unknown family");
        }
        startAddress = startAddress.clone();
        endAddress = endAddress.clone();
    }

    /** All protocols and ports of the prefix {@code address/length}. */
    public static TrafficSelector ofPrefix(InetAddress address, int length) {
        byte[] a = address.getAddress();
        int bits = a.length * 8;
        if (length < 0 || length > bits) {
            throw new IllegalArgumentException("prefix length " + length + " out of range");
        }
        byte[] start = a.clone();
        byte[] end = a.clone();
        for (int i = 0; i < bits; i++) {
            if (i >= length) {
                int mask = 0x80 >>> (i % 8);
                start[i / 8] &= (byte) ~mask;
                end[i / 8] |= (byte) mask;
            }
        }
        return new TrafficSelector(0, 0, 65535, start, end);
    }

    public static TrafficSelector fromWire(TsPayload.TrafficSelector ts) {
        return new TrafficSelector(ts.ipProtocol(), ts.startPort(), ts.endPort(),
                ts.startAddress().getAddress(), ts.endAddress().getAddress());
    }

    public TsPayload.TrafficSelector toWire() {
        return new TsPayload.TrafficSelector(isIpv4() ? TsType.TS_IPV4_ADDR_RANGE : TsType.TS_IPV6_ADDR_RANGE,
                ipProtocol, startPort, endPort, address(startAddress), address(endAddress));
    }

    public boolean isIpv4() {
        return startAddress.length == 4;
    }

    /** True when the range is well formed (start not above end, for addresses and ports). */
    public boolean isValid() {
        return Arrays.compareUnsigned(startAddress, endAddress) <= 0 && startPort <= endPort;
    }

    /**
     * The part of this selector that also lies in {@code other}, or null when they do not
     * overlap. This is the narrowing of RFC 7296 section 2.9.
     */
    public TrafficSelector intersect(TrafficSelector other) {
        if (startAddress.length != other.startAddress.length) {
            return null;
        }
        int protocol;
        if (ipProtocol == 0) {
            protocol = other.ipProtocol;
        } else if (other.ipProtocol == 0 || other.ipProtocol == ipProtocol) {
            protocol = ipProtocol;
        } else {
            return null;
        }
        int sp = Math.max(startPort, other.startPort);
        int ep = Math.min(endPort, other.endPort);
        byte[] sa = Arrays.compareUnsigned(startAddress, other.startAddress) >= 0 ? startAddress : other.startAddress;
        byte[] ea = Arrays.compareUnsigned(endAddress, other.endAddress) <= 0 ? endAddress : other.endAddress;
        if (sp > ep || Arrays.compareUnsigned(sa, ea) > 0) {
            return null;
        }
        return new TrafficSelector(protocol, sp, ep, sa, ea);
    }

    /** True when every packet this selector matches is also matched by {@code other}. */
    public boolean isWithin(TrafficSelector other) {
        TrafficSelector i = intersect(other);
        return i != null && i.equals(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrafficSelector t && ipProtocol == t.ipProtocol && startPort == t.startPort
                && endPort == t.endPort && Arrays.equals(startAddress, t.startAddress)
                && Arrays.equals(endAddress, t.endAddress);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(startAddress) * 31 + Arrays.hashCode(endAddress) + ipProtocol * 7 + startPort;
    }

    /** Prints as a prefix where the range is one (198.51.100.0/24), else as start-end, then protocol and ports. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        int prefix = prefixLength();
        String start = address(startAddress).getHostAddress();
        if (prefix >= 0) {
            sb.append(start).append('/').append(prefix);
        } else {
            sb.append(start).append('-').append(address(endAddress).getHostAddress());
        }
        if (ipProtocol != 0 || startPort != 0 || endPort != 65535) {
            sb.append('[').append(ipProtocol == 0 ? "any" : Integer.toString(ipProtocol));
            if (startPort != 0 || endPort != 65535) {
                sb.append('/').append(startPort == endPort ? Integer.toString(startPort) : startPort + "-" + endPort);
            }
            sb.append(']');
        }
        return sb.toString();
    }

    /** The prefix length if the address range is exactly one prefix, else -1. */
    public int prefixLength() {
        int bits = startAddress.length * 8;
        int i = 0;
        while (i < bits && bit(startAddress, i) == bit(endAddress, i)) {
            i++;
        }
        for (int j = i; j < bits; j++) {
            if (bit(startAddress, j) != 0 || bit(endAddress, j) != 1) {
                return -1;
            }
        }
        return i;
    }

    private static int bit(byte[] a, int i) {
        return (a[i / 8] >>> (7 - i % 8)) & 1;
    }

    private static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
