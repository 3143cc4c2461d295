package org.jiked.ike;

import java.util.ArrayList;
import java.util.List;
import org.jiked.wire.TransformType;
import org.jiked.wire.payload.SaPayload;

/**
 * One IKE SA proposal as jiked offers or accepts it: one transform of each type. AEAD
 * encryption carries integrity 0 (none).
 */
public record IkeProposalSpec(int encryptionId, int encryptionKeyBits, int prfId, int integrityId, int dhGroup) {

    /** The proposal substructure this spec becomes in an SA payload. */
    public SaPayload.Proposal toProposal(int number, byte[] spi) {
        List<SaPayload.Transform> t = new ArrayList<>();
        t.add(encryptionKeyBits > 0
                ? SaPayload.Transform.withKeyLength(TransformType.ENCR, encryptionId, encryptionKeyBits)
                : SaPayload.Transform.of(TransformType.ENCR, encryptionId));
        t.add(SaPayload.Transform.of(TransformType.PRF, prfId));
        if (integrityId != TransformType.AUTH_NONE) {
            t.add(SaPayload.Transform.of(TransformType.INTEG, integrityId));
        }
        t.add(SaPayload.Transform.of(TransformType.DH, dhGroup));
        return new SaPayload.Proposal(number, org.jiked.wire.ProtocolId.IKE, spi, t);
    }

    @Override
    public String toString() {
        return AlgorithmNames.encryption(encryptionId, encryptionKeyBits) + "/" + AlgorithmNames.prf(prfId)
                + (integrityId == 0 ? "" : "/" + AlgorithmNames.integrity(integrityId)) + "/"
                + AlgorithmNames.dhGroup(dhGroup);
    }
}
