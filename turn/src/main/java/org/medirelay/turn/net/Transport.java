package org.medirelay.turn.net;

/** The client transport of an allocation's 5-tuple. */
public enum Transport {
  UDP,
  TCP,
  TLS
}
