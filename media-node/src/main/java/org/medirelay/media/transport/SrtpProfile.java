package org.medirelay.media.transport;

import org.bouncycastle.tls.SRTPProtectionProfile;
import org.jitsi.srtp.SrtpPolicy;

/** The DTLS-SRTP protection profiles we negotiate (RFC 5764, RFC 7714), most preferred first. */
public enum SrtpProfile {
  AEAD_AES_128_GCM(SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM, 16, 12) {
    @Override
    SrtpPolicy policy() {
      return new SrtpPolicy(
          SrtpPolicy.AESGCM_ENCRYPTION, 16, SrtpPolicy.NULL_AUTHENTICATION, 0, 16, 12);
    }
  },
  AES_CM_128_HMAC_SHA1_80(SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, 16, 14) {
    @Override
    SrtpPolicy policy() {
      return new SrtpPolicy(
          SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, 14);
    }
  };

  final int tlsId;
  final int keyLength;
  final int saltLength;

  SrtpProfile(int tlsId, int keyLength, int saltLength) {
    this.tlsId = tlsId;
    this.keyLength = keyLength;
    this.saltLength = saltLength;
  }

  /** A new policy object (jitsi-srtp policies are mutable, so each context gets its own). */
  abstract SrtpPolicy policy();

  static SrtpProfile fromTlsId(int id) {
    for (SrtpProfile profile : values()) {
      if (profile.tlsId == id) {
        return profile;
      }
    }
    return null;
  }
}
