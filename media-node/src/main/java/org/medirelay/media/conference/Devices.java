package org.medirelay.media.conference;

/**
 * Whether a person's microphone and camera are on, and whether their video is a shared screen, as
 * their page says; shown to the others. Written only by the participant's signaling connection;
 * read whole by others.
 */
record Devices(boolean audio, boolean video, boolean screen) {
  /** Until the page says otherwise: what joining with camera and microphone means. */
  static final Devices AT_JOIN = new Devices(true, true, false);
}
