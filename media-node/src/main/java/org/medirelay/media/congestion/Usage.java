package org.medirelay.media.congestion;

/** What the delay trend says of the path (draft-ietf-rmcat-gcc-02 section 5.4). */
enum Usage {
  /** The queue holds steady: the rate may grow. */
  NORMAL,
  /** The queue grows: the path is full, the rate must fall. */
  OVERUSE,
  /** The queue drains: hold the rate until it is empty. */
  UNDERUSE
}
