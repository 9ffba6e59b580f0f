package org.medirelay.media.conference;

/** The participant's signaling connection, as the conference sees it. */
public interface SignalingPeer {
  /** Sends one JSON message. */
  void send(String json);

  /** Closes the connection with a WebSocket close code and a reason the page can show. */
  void close(int code, String reason);
}
