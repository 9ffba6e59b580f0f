package org.medirelay.session;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A response naming a session's media node sends it twice: as {@code mediaNodeId}, the name used
 * everywhere else, and as {@code sfuNodeId}, the integration API's first name for it, so clinic
 * backends and scripts written against that keep working.
 */
interface MediaNodeIdAlias {

  String mediaNodeId();

  @JsonProperty("sfuNodeId")
  @Schema(deprecated = true, description = "The same as mediaNodeId (its former name).")
  default String sfuNodeId() {
    return mediaNodeId();
  }
}
