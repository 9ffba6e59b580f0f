package org.medirelay.session;

import java.util.List;

/**
 * A freshly issued join: the URL with its token, how long it lasts, and the TURN/STUN servers to
 * use.
 */
public record JoinGrant(
    String sessionId,
    String sfuNodeId,
    String joinUrl,
    long expiresIn,
    List<IceServers.IceServer> iceServers) {}
