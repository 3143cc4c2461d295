package org.jiked.config.model;

import java.util.Objects;
import org.jiked.wire.TransformType;

/**
 * {@code security ike proposal NAME}: the algorithms offered for an IKE SA.
 *
 * <p>{@code authenticationAlgorithm} is never null: with an AEAD cipher it selects only the PRF,
 * and when the configuration leaves it out jiked fills one in ({@link Defaults#prfForAead}).
 */
public record IkeProposal(
        String name,
        AuthenticationMethod authenticationMethod,
        DhGroup dhGroup,
        IkeAuthenticationAlgorithm authenticationAlgorithm,
        EncryptionAlgorithm encryptionAlgorithm,
        int lifetimeSeconds) {

    public IkeProposal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(authenticationMethod, "authenticationMethod");
        Objects.requireNonNull(dhGroup, "dhGroup");
        Objects.requireNonNull(authenticationAlgorithm, "authenticationAlgorithm");
        Objects.requireNonNull(encryptionAlgorithm, "encryptionAlgorithm");
    }

    /** PRF transform ID. */
    public int prfTransformId() {
        return authenticationAlgorithm.prf();
    }

    /** INTEG transform ID, {@link TransformType#AUTH_NONE} with an AEAD cipher (RFC 5282). */
    public int integrityTransformId() {
        return encryptionAlgorithm.aead() ? TransformType.AUTH_NONE : authenticationAlgorithm.integ();
    }
}
