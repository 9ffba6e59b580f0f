package org.medirelay.session;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where {@link JoinTokenKeyRing} finds its keys.
 *
 * @param joinTokenKeyFile JOIN_TOKEN_KEY_FILE: production ES256 key (PEM with PRIVATE KEY and
 *     PUBLIC KEY); empty: generated under DATA_DIR
 * @param joinTokenPreviousKeyFiles JOIN_TOKEN_PREVIOUS_KEY_FILES: comma-separated PEM files with
 *     the PUBLIC KEY of keys used before JOIN_TOKEN_KEY_FILE (a private key in them is ignored).
 *     They stay in the JWKS, so links issued before a key change keep working; remove one once
 *     JOIN_TOKEN_TTL has passed since the change.
 */
@ConfigurationProperties
public record JoinTokenKeySettings(
    @DefaultValue("") String joinTokenKeyFile,
    @DefaultValue List<String> joinTokenPreviousKeyFiles) {

  public JoinTokenKeySettings {
    joinTokenPreviousKeyFiles =
        joinTokenPreviousKeyFiles.stream().map(String::strip).filter(f -> !f.isEmpty()).toList();
  }
}
