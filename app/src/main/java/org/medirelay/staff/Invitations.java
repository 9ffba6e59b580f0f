package org.medirelay.staff;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.medirelay.account.AccountService;
import org.medirelay.account.User;
import org.medirelay.mail.Mail;
import org.medirelay.mail.OutboundMail;
import org.medirelay.problem.ApiException;
import org.medirelay.session.JoinLinkSettings;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Links with which a staff member chooses their own password, so that no administrator ever knows
 * it. A link works once and for {@link #TTL}; a new one for the same person replaces the old. It
 * also serves as a password reset an administrator hands out. The token travels in the link's
 * fragment ({@code #token=}), which browsers never send to a server, so it stays out of access logs
 * and Referer headers.
 */
@Component
class Invitations {

  /** Long enough to span a weekend, short enough that a forgotten link goes stale. */
  static final Duration TTL = Duration.ofDays(3);

  record Issued(String url, Instant expiresAt) {}

  private final MongoOperations mongo;
  private final AccountService accounts;
  private final OutboundMail mail;
  private final Clock clock;
  private final String pageUrl;
  private final SecureRandom random = new SecureRandom();

  Invitations(
      MongoOperations mongo,
      AccountService accounts,
      OutboundMail mail,
      Clock clock,
      JoinLinkSettings links) {
    this.mongo = mongo;
    this.accounts = accounts;
    this.mail = mail;
    this.clock = clock;
    this.pageUrl = links.clientBaseUrl() + "/app/invitation.html#token=";
  }

  /** A new link for this person (mailed to them too); earlier links stop working. */
  Issued issue(User user) {
    return issue(
        user,
        "Your MediRelay account",
        "your clinic has a MediRelay account for you. Choose your password here");
  }

  /**
   * A password reset an administrator started: the same kind of link, worded as a reset (mailed to
   * the person too); earlier links stop working. The old password works until the new one is set.
   */
  Issued resetPassword(User user) {
    return issue(
        user,
        "Reset your MediRelay password",
        "your clinic's administrator started a reset of your MediRelay password. Choose a new one"
            + " here");
  }

  private Issued issue(User user, String subject, String invitingSentence) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant expiresAt = clock.instant().plus(TTL);
    mongo.remove(Query.query(Criteria.where("userId").is(user.id())), Invitation.class);
    mongo.insert(new Invitation(hash(token), user.id(), expiresAt));
    String url = pageUrl + token;
    mail.send(
        Mail.to(
            user.email(),
            subject,
            "Hello "
                + user.name()
                + ",\n\n"
                + invitingSentence
                + " (the link works once, until "
                + expiresAt
                + "):\n\n"
                + url
                + "\n\nThen sign in with "
                + user.email()
                + "."));
    return new Issued(url, expiresAt);
  }

  /** Sets the password of the invitation's account and uses the invitation up. */
  User accept(String token, String password) {
    Invitation invitation =
        mongo.findAndRemove(
            Query.query(Criteria.where("_id").is(hash(token)).and("expiresAt").gt(clock.instant())),
            Invitation.class);
    if (invitation == null) {
      throw ApiException.notFound(
          "This invitation link is not valid: it has expired or has been used. Ask your clinic's"
              + " administrator for a new one.");
    }
    return accounts.setPassword(invitation.userId(), password);
  }

  private static String hash(String token) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
