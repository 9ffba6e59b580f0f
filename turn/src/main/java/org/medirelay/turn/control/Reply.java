package org.medirelay.turn.control;

import java.util.ArrayList;
import java.util.List;
import org.medirelay.turn.stun.ErrorCodeAttribute;
import org.medirelay.turn.stun.StunAttribute;

/**
 * What a method handler answers: success with attributes, or an error code (with extra attributes,
 * e.g. 420).
 */
record Reply(int errorCode, List<StunAttribute> attributes) {

  static Reply success(StunAttribute... attributes) {
    return new Reply(0, List.of(attributes));
  }

  static Reply success(List<StunAttribute> attributes) {
    return new Reply(0, attributes);
  }

  static Reply error(int code, StunAttribute... extra) {
    return new Reply(code, List.of(extra));
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
    all.add(ErrorCodeAttribute.of(errorCode));
    all.addAll(attributes);
    return all;
  }
}
