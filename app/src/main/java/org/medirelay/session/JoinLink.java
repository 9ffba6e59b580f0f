package org.medirelay.session;

import java.util.List;

/**
 * A freshly issued join link for one participant: the URL with its join token, how long it lasts,
 * and the TURN/STUN servers to use. (The token inside carries the participant's grants; this is the
 * link that hands it over.)
 */
public record JoinLink(
    String sessionId,
    String mediaNodeId,
    String joinUrl,
    long expiresIn,
    List<IceServers.IceServer> iceServers)
    implements MediaNodeIdAlias {}
