package org.jiked.esp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SAD and the SPD of the data plane (RFC 4301 sections 4.4.1 and 4.4.2): inbound SAs by SPI,
 * outbound by the selectors of the packet's inner addresses, protocol and ports, and the
 * {@link Trap}s of VPNs that are brought up on traffic.
 *
 * <p>Rekeying is make-before-break: while an old and a new CHILD_SA both match, packets leave on
 * the one installed last, and the old one keeps accepting until it is removed. Readers (the pump
 * threads) take no locks: the inbound map is concurrent and the outbound table is an array
 * replaced on each change, which happens only at SA setup and teardown.
 */
public final class SecurityAssociationDatabase {
    /**
     * An on-traffic VPN without a CHILD_SA: a packet that matches it is dropped and starts the
     * negotiation (the {@code key} says which), as Junos {@code establish-tunnels on-traffic} does.
     */
    public record Trap(Object key, List<PacketSelector> localSelectors, List<PacketSelector> remoteSelectors,
                       int unit) {
        public Trap {
            localSelectors = List.copyOf(localSelectors);
            remoteSelectors = List.copyOf(remoteSelectors);
        }

        boolean matches(ByteBuffer packet) {
            return EspTunnel.anyMatch(localSelectors, packet, true) && EspTunnel.anyMatch(remoteSelectors, packet, false);
        }
    }

    private final ConcurrentHashMap<Integer, EspTunnel> inbound = new ConcurrentHashMap<>();
    private volatile EspTunnel[] outbound = new EspTunnel[0];
    private volatile Trap[] traps = new Trap[0];

    public synchronized void install(EspTunnel t) {
        installInbound(t);
        installOutbound(t);
    }

    /** The tunnel takes inbound packets only, until {@link #installOutbound} (a rekey the peer started). */
    public synchronized void installInbound(EspTunnel t) {
        inbound.put(t.inbound().spi(), t);
    }

    /** The tunnel, newest by its order, carries outbound packets too. */
    public synchronized void installOutbound(EspTunnel t) {
        List<EspTunnel> list = new ArrayList<>(List.of(outbound));
        if (list.contains(t)) {
            return;
        }
        list.add(t);
        list.sort(Comparator.comparingLong(EspTunnel::order).reversed());
        outbound = list.toArray(EspTunnel[]::new);
    }

    /** Removes the tunnel and wipes its keys. */
    public synchronized void remove(EspTunnel t) {
        inbound.remove(t.inbound().spi(), t);
        List<EspTunnel> list = new ArrayList<>(List.of(outbound));
        list.remove(t);
        outbound = list.toArray(EspTunnel[]::new);
        t.inbound().destroy();
        t.outbound().destroy();
    }

    public synchronized void traps(List<Trap> all) {
        traps = all.toArray(Trap[]::new);
    }

    /** The tunnel whose inbound SA has {@code spi}, or null. */
    public EspTunnel inbound(int spi) {
        return inbound.get(spi);
    }

    /** The newest tunnel on {@code unit} whose selectors match the packet, or null. */
    public EspTunnel outbound(ByteBuffer packet, int unit) {
        for (EspTunnel t : outbound) {
            if (t.unit() == unit && t.matchesOutbound(packet)) {
                return t;
            }
        }
        return null;
    }

    /** The on-traffic trap on {@code unit} matching a packet no tunnel took, or null. */
    public Trap trap(ByteBuffer packet, int unit) {
        for (Trap t : traps) {
            if (t.unit() == unit && t.matches(packet)) {
                return t;
            }
        }
        return null;
    }

    /** All tunnels, newest first. */
    public List<EspTunnel> tunnels() {
        return List.of(outbound);
    }
}
