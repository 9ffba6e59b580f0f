package org.medirelay.account;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import org.medirelay.store.DataDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Development mode only (MEDIRELAY_DEV=true or the "dev" profile): demo accounts for a doctor, a
 * patient and an administrator, with random passwords generated at first start, kept in the data
 * folder ({@code dev-accounts.properties}, owner-only) and printed at every start so a developer
 * can sign in. Never active otherwise.
 */
@Component
@Order(2)
class DevAccounts implements ApplicationRunner {

  private static final Logger LOG = LoggerFactory.getLogger(DevAccounts.class);
  private static final String FILE = "dev-accounts.properties";

  private record Demo(String key, String name, String email, Role role) {}

  private static final List<Demo> DEMOS =
      List.of(
          new Demo("doctor", "Dr. Demo Doctor", "doctor@demo.medirelay.local", Role.DOCTOR),
          new Demo("patient", "Demo Patient", "patient@demo.medirelay.local", Role.PATIENT),
          new Demo("admin", "Demo Administrator", "admin@demo.medirelay.local", Role.ADMIN));

  private final boolean enabled;
  private final DataDirectory data;
  private final AccountService accounts;
  private final SecureRandom random = new SecureRandom();

  DevAccounts(DevelopmentMode mode, DataDirectory data, AccountService accounts) {
    this.enabled = mode.on();
    this.data = data;
    this.accounts = accounts;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (!enabled) {
      return;
    }
    Properties passwords = load();
    boolean generated = false;
    for (Demo demo : DEMOS) {
      if (passwords.getProperty(demo.key()) == null) {
        passwords.setProperty(demo.key(), newPassword());
        generated = true;
      }
    }
    if (generated) {
      store(passwords);
    }
    StringBuilder banner =
        new StringBuilder("\n\n  MediRelay development mode: demo accounts (passwords in ")
            .append(data.resolve(FILE))
            .append(")\n");
    for (Demo demo : DEMOS) {
      accounts.ensureAccount(
          demo.name(), demo.email(), passwords.getProperty(demo.key()), demo.role());
      banner.append(
          String.format(
              "    %-8s %-32s %s%n", demo.key(), demo.email(), passwords.getProperty(demo.key())));
    }
    LOG.warn(banner.toString());
  }

  private String newPassword() {
    byte[] bytes = new byte[12];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private Properties load() {
    Properties properties = new Properties();
    data.readSecret(FILE)
        .ifPresent(
            text -> {
              try {
                properties.load(new StringReader(text));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    return properties;
  }

  private void store(Properties properties) {
    StringWriter out = new StringWriter();
    try {
      properties.store(out, "MediRelay development accounts; never used outside development mode");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    data.writeSecret(FILE, out.toString());
  }
}
