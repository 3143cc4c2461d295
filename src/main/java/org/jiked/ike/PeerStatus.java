package org.jiked.ike;

/**
 * One line of {@code show security ike peers}: a peer whose IKE SA is still being negotiated
 * ({@code in-progress}), or one whose new sessions are refused for a while ({@code backoff};
 * {@code blocked} when a blocklist rule put it there).
 *
 * @param remainingSeconds for backoff: seconds left; for in-progress: seconds since it started
 */
public record PeerStatus(String address, int port, String gateway, String state, String reason,
                         long remainingSeconds) {}
