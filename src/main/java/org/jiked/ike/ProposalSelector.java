package org.jiked.ike;

import java.util.List;
import org.jiked.wire.NotifyType;
import org.jiked.wire.ProtocolId;
import org.jiked.wire.TransformType;
import org.jiked.wire.payload.SaPayload;

/**
 * Responder-side proposal selection (RFC 7296 sections 2.7 and 3.3.6). The peer's proposals are
 * read in its order and the first that contains one of our configured proposals wins, as Junos
 * does. A transform with an attribute we do not understand is not acceptable (3.3.6).
 */
final class ProposalSelector {
    private ProposalSelector() {}

    /** The chosen IKE proposal: our spec, and the peer's proposal number to echo. */
    record IkeChoice(IkeProposalSpec spec, int proposalNumber) {}

    /** The chosen ESP proposal, with the peer's inbound SPI taken from the proposal. */
    record ChildChoice(ChildProposalSpec spec, int proposalNumber, int peerSpi) {}

    /**
     * Chooses an IKE proposal. A proposal whose group differs from {@code keGroup} is chosen only
     * when no proposal matches the group the peer already sent, and then answered with
     * INVALID_KE_PAYLOAD naming the group we want.
     */
    static IkeChoice selectIke(SaPayload sa, List<IkeProposalSpec> configured, int keGroup)
            throws IkeProtocolException {
        IkeChoice otherGroup = null;
        for (SaPayload.Proposal p : sa.proposals()) {
            if (p.protocolId() != ProtocolId.IKE || (p.spi().length != 0 && p.spi().length != 8)) {
                continue;
            }
            for (IkeProposalSpec spec : configured) {
                if (!ikeMatches(p, spec)) {
                    continue;
                }
                if (spec.dhGroup() == keGroup) {
                    return new IkeChoice(spec, p.number());
                }
                if (otherGroup == null) {
                    otherGroup = new IkeChoice(spec, p.number());
                }
            }
        }
        if (otherGroup != null) {
            throw IkeProtocolException.invalidKe(otherGroup.spec().dhGroup());
        }
        throw new IkeProtocolException(NotifyType.NO_PROPOSAL_CHOSEN, "no acceptable IKE proposal", true);
    }

    /**
     * Chooses an ESP proposal. {@code ignoreDh} is set in IKE_AUTH, where a DH transform has no
     * meaning; elsewhere the proposal must carry our PFS group, or none when we use none.
     */
    static ChildChoice selectChild(SaPayload sa, List<ChildProposalSpec> configured, boolean ignoreDh,
                                   boolean fatal) throws IkeProtocolException {
        for (SaPayload.Proposal p : sa.proposals()) {
            if (p.protocolId() != ProtocolId.ESP || p.spi().length != 4) {
                continue;
            }
            for (ChildProposalSpec spec : configured) {
                if (childMatches(p, spec, ignoreDh)) {
                    ChildProposalSpec chosen = ignoreDh ? spec.withoutDh() : spec;
                    return new ChildChoice(chosen, p.number(), readSpi(p.spi()));
                }
            }
        }
        throw new IkeProtocolException(NotifyType.NO_PROPOSAL_CHOSEN, "no acceptable ESP proposal", fatal);
    }

    private static boolean ikeMatches(SaPayload.Proposal p, IkeProposalSpec spec) {
        return allUnderstood(p)
                && has(p, TransformType.ENCR, spec.encryptionId(), spec.encryptionKeyBits())
                && has(p, TransformType.PRF, spec.prfId(), 0)
                && hasIntegrity(p, spec.integrityId())
                && has(p, TransformType.DH, spec.dhGroup(), 0);
    }

    private static boolean childMatches(SaPayload.Proposal p, ChildProposalSpec spec, boolean ignoreDh) {
        if (!allUnderstood(p) || !has(p, TransformType.ENCR, spec.encryptionId(), spec.encryptionKeyBits())
                || !hasIntegrity(p, spec.integrityId())) {
            return false;
        }
        int esn = spec.esn() ? TransformType.ESN_YES : TransformType.ESN_NO;
        boolean esnOk = p.ofType(TransformType.ESN).isEmpty() ? !spec.esn() : has(p, TransformType.ESN, esn, 0);
        if (!esnOk) {
            return false;
        }
        if (ignoreDh) {
            return true;
        }
        List<SaPayload.Transform> dh = p.ofType(TransformType.DH);
        return dh.isEmpty() ? spec.dhGroup() == 0 : has(p, TransformType.DH, spec.dhGroup(), 0);
    }

    private static boolean hasIntegrity(SaPayload.Proposal p, int integrityId) {
        List<SaPayload.Transform> integ = p.ofType(TransformType.INTEG);
        if (integrityId == TransformType.AUTH_NONE) {
            return integ.isEmpty() || has(p, TransformType.INTEG, TransformType.AUTH_NONE, 0);
        }
        return has(p, TransformType.INTEG, integrityId, 0);
    }

    private static boolean has(SaPayload.Proposal p, int type, int id, int keyBits) {
        for (SaPayload.Transform t : p.ofType(type)) {
            if (t.id() == id && t.keyLength() == keyBits) {
                return true;
            }
        }
        return false;
    }

    /** Only the key-length attribute is defined for IKEv2 transforms. */
    private static boolean allUnderstood(SaPayload.Proposal p) {
        for (SaPayload.Transform t : p.transforms()) {
            for (SaPayload.TransformAttribute a : t.attributes()) {
                if (a.type() != TransformType.ATTR_KEY_LENGTH || !a.tv()) {
                    return false;
                }
            }
        }
        return true;
    }

    static int readSpi(byte[] spi) {
        return ((spi[0] & 0xff) << 24) | ((spi[1] & 0xff) << 16) | ((spi[2] & 0xff) << 8) | (spi[3] & 0xff);
    }

    static byte[] spiBytes(int spi) {
        return new byte[] {(byte) (spi >>> 24), (byte) (spi >>> 16), (byte) (spi >>> 8), (byte) spi};
    }

    /**
     * Reads the one proposal a responder returned and checks it is one we offered (RFC 7296 2.7:
     * the initiator must verify the accepted proposal is among those it sent).
     */
    static IkeProposalSpec acceptedIke(SaPayload sa, List<IkeProposalSpec> offered) throws IkeProtocolException {
        if (sa.proposals().size() != 1) {
            throw new IkeProtocolException(NotifyType.INVALID_SYNTAX, "responder returned "
                    + sa.proposals().size() + " proposals", true);
        }
        SaPayload.Proposal p = sa.proposals().getFirst();
        for (IkeProposalSpec spec : offered) {
            if (p.transforms().size() == (spec.integrityId() == 0 ? 3 : 4) && ikeMatches(p, spec)) {
                return spec;
            }
        }
        throw new IkeProtocolException(NotifyType.NO_PROPOSAL_CHOSEN, "responder chose a proposal we did not offer",
                true);
    }

    static ChildChoice acceptedChild(SaPayload sa, List<ChildProposalSpec> offered, boolean ignoreDh)
            throws IkeProtocolException {
        if (sa.proposals().size() != 1) {
            throw new IkeProtocolException(NotifyType.INVALID_SYNTAX, "responder returned "
                    + sa.proposals().size() + " ESP proposals", false);
        }
        return selectChild(sa, offered, ignoreDh, false);
    }
}
