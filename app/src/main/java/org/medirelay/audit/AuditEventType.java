package org.medirelay.audit;

/** The security events an operator may need to reconstruct what happened. */
public enum AuditEventType {
  ACCOUNT_REGISTERED,
  ADMIN_CONFIGURED,
  LOGIN_SUCCEEDED,
  LOGIN_FAILED,
  LOGIN_RATE_LIMITED,
  SESSION_CREATED,
  JOIN_TOKEN_ISSUED,
  GUEST_INVITED,
  INTEGRATION_AUTH_FAILED,
  MEDIA_NODE_AUTH_FAILED,
  MEDIA_NODE_REGISTERED
}
