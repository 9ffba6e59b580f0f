package org.medirelay.turn.control;

import java.util.ArrayList;
import java.util.List;
import org.medirelay.turn.stun.ErrorCodeAttribute;
import org.medirelay.turn.stun.StunAttribute;

/**
 * What a method handler answers: success with attributes, or an error code (with extra attributes,
 * e.g. 420) and a reason phrase, the RFC's unless one is given.
 */
record Reply(int errorCode, String reason, List<StunAttribute> attributes) {

  static Reply success(StunAttribute... attributes) {
    return new Reply(0, null, List.of(attributes));
  }

  static Reply success(List<StunAttribute> attributes) {
    return new Reply(0, null, attributes);
  }

  static Reply error(int code, StunAttribute... extra) {
    return new Reply(code, null, List.of(extra));
  }

  boolean isSuccess() {
    return errorCode == 0;
  }

  /** Attributes to encode: ERROR-CODE first for errors. */
  List<StunAttribute> encodedAttributes() {
    if (isSuccess()) {
      return attributes;
    }
    List<StunAttribute> all = new ArrayList<>();
    all.add(
        reason == null
            ? ErrorCodeAttribute.of(errorCode)
            : new ErrorCodeAttribute(errorCode, reason));
    all.addAll(attributes);
    return all;
  }
}
