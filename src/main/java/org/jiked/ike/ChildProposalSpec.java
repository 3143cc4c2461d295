package org.jiked.ike;

import java.util.ArrayList;
import java.util.List;
import org.jiked.wire.ProtocolId;
import org.jiked.wire.TransformType;
import org.jiked.wire.payload.SaPayload;

/**
 * One ESP proposal: encryption, integrity (0 for AEAD), the PFS group (0 for none) and whether
 * extended sequence numbers are offered.
 */
public record ChildProposalSpec(int encryptionId, int encryptionKeyBits, int integrityId, int dhGroup, boolean esn) {

    /**
     * The proposal substructure. {@code withDh} is false in IKE_AUTH, where the first CHILD_SA
     * reuses the IKE SA's key exchange (RFC 7296 section 1.2).
     */
    public SaPayload.Proposal toProposal(int number, byte[] spi, boolean withDh) {
        List<SaPayload.Transform> t = new ArrayList<>();
        t.add(encryptionKeyBits > 0
                ? SaPayload.Transform.withKeyLength(TransformType.ENCR, encryptionId, encryptionKeyBits)
                : SaPayload.Transform.of(TransformType.ENCR, encryptionId));
        if (integrityId != TransformType.AUTH_NONE) {
            t.add(SaPayload.Transform.of(TransformType.INTEG, integrityId));
        }
        if (withDh && dhGroup != 0) {
            t.add(SaPayload.Transform.of(TransformType.DH, dhGroup));
        }
        t.add(SaPayload.Transform.of(TransformType.ESN, esn ? TransformType.ESN_YES : TransformType.ESN_NO));
        return new SaPayload.Proposal(number, ProtocolId.ESP, spi, t);
    }

    public ChildProposalSpec withoutDh() {
        return new ChildProposalSpec(encryptionId, encryptionKeyBits, integrityId, 0, esn);
    }

    @Override
    public String toString() {
        return AlgorithmNames.encryption(encryptionId, encryptionKeyBits)
                + (integrityId == 0 ? "" : "/" + AlgorithmNames.integrity(integrityId))
                + (dhGroup == 0 ? "" : "/" + AlgorithmNames.dhGroup(dhGroup)) + (esn ? "/esn" : "");
    }
}
