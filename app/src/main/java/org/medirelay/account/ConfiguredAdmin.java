package org.medirelay.account;

import org.medirelay.audit.AuditEventType;
import org.medirelay.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Administrators exist only because the operator configured one (ADMIN_EMAIL and ADMIN_PASSWORD):
 * the account is created at start, or its password reset to the configured one. Registration never
 * makes an administrator.
 */
@Component
@Order(1)
class ConfiguredAdmin implements ApplicationRunner {

  private static final Logger LOG = LoggerFactory.getLogger(ConfiguredAdmin.class);
  private final AdminAccountSettings settings;
  private final AccountService accounts;
  private final AuditLog audit;

  ConfiguredAdmin(AdminAccountSettings settings, AccountService accounts, AuditLog audit) {
    this.settings = settings;
    this.accounts = accounts;
    this.audit = audit;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (!settings.configured()) {
      return;
    }
    String email = settings.adminEmail();
    String password = settings.adminPassword();
    boolean created = accounts.ensureAccount("Administrator", email, password, Role.ADMIN);
    audit.record(
        AuditEventType.ADMIN_CONFIGURED,
        null,
        Emails.normalize(email),
        null,
        created ? "created" : "verified");
    LOG.info(
        "Administrator {} {} from configuration",
        Emails.normalize(email),
        created ? "created" : "checked");
  }
}
