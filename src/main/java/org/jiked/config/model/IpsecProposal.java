package org.jiked.config.model;

import java.util.Objects;
import org.jiked.wire.ProtocolId;
import org.jiked.wire.TransformType;

/**
 * {@code security ipsec proposal NAME}: the algorithms offered for a Child SA (ESP only).
 *
 * @param authenticationAlgorithm null exactly when the cipher is AEAD
 * @param lifetimeKilobytes volume lifetime, 0 when none is configured (Junos has no default)
 */
public record IpsecProposal(
        String name,
        EncryptionAlgorithm encryptionAlgorithm,
        IpsecAuthenticationAlgorithm authenticationAlgorithm,
        int lifetimeSeconds,
        long lifetimeKilobytes) {

    public IpsecProposal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(encryptionAlgorithm, "encryptionAlgorithm");
        if (encryptionAlgorithm.aead() != (authenticationAlgorithm == null)) {
            throw new IllegalArgumentException("an authentication algorithm goes with non-AEAD ciphers only");
        }
    }

    /** Security protocol ID of the proposal: always ESP. */
    public int protocolId() {
        return ProtocolId.ESP;
    }

    /** INTEG transform ID, {@link TransformType#AUTH_NONE} with an AEAD cipher. */
    public int integrityTransformId() {
        return authenticationAlgorithm == null ? TransformType.AUTH_NONE : authenticationAlgorithm.integ();
    }
}
