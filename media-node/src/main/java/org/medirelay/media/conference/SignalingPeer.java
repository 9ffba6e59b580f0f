package org.medirelay.media.conference;

/** The participant's signaling connection, as the conference sees it. */
public interface SignalingPeer {
  /** Sends one JSON message. */
  void send(String json);

  /**
   * The person waits for a host to let them in ({@code waiting} follows); the connection's own
   * {@code leave} or close must take {@code waiter} out of the room ({@link
   * Conferences#leaveLobby}).
   */
  void waiting(Waiter waiter);

  /**
   * The person is in the call: at once when they joined, or when a host let them in. Called before
   * the node sends them {@code joined}, so messages answering it find the participant.
   */
  void entered(Participant participant);

  /** Closes the connection with a WebSocket close code and a reason the page can show. */
  void close(int code, String reason);
}
