package org.medirelay.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.medirelay.limit.SharedRecords;
import org.medirelay.limit.SharedWindowLimiter;
import org.medirelay.problem.ApiException;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing without locking anyone out who is not themselves under attack:
 *
 * <ul>
 *   <li>Per account and address pair: after LOGIN_MAX_FAILURES_PER_ACCOUNT failures the pair pauses
 *       5 s, then 10 s, 20 s … up to LOGIN_FAILURE_WINDOW ({@link FailureBackoff}); a success
 *       clears it. Another address, a colleague's behind the same NAT or the owner's at home, is
 *       not paused by it.
 *   <li>Per account, from every address together: once an account has {@link #UNDER_ATTACK}
 *       failures within the window (an attack from many addresses), each pair for it pauses after
 *       its first failure instead, so the attack slows to a trickle while the owner's first try
 *       from anywhere still gets in.
 *   <li>Per address: after LOGIN_MAX_FAILURES_PER_ADDRESS failures within the window (guessing
 *       across accounts, made-up emails, credential stuffing) every sign-in from it needs a proof
 *       of work ({@link ProofOfWork}), which the browser finds in a second or two. A right password
 *       still gets in; a thousand guesses cost a thousand proofs. Refusing the address instead
 *       would lock out a whole clinic behind one NAT address.
 * </ul>
 *
 * Registration: a cap per address, since each new account costs an Argon2 hash and a stored record.
 *
 * <p>Every count is kept in the store ({@link SharedRecords}, each record expiring with its
 * window), so the limits hold however many instances of the app share it and whichever one a
 * request reaches: a guesser alternating between two instances pauses after as many failures as on
 * one.
 */
@Component
public class LoginThrottle {

  /** Failures on one account, from all addresses within the window, that mean it is attacked. */
  static final int UNDER_ATTACK = 20;

  /** Proof-of-work difficulty: about 65 000 hashes, a second or two of a phone's browser. */
  static final int PROOF_BITS = 16;

  /** A proof the client sends with its sign-in once its address has to. */
  public record Proof(
      @NotBlank @Size(max = 200) String challenge, @NotBlank @Size(max = 64) String nonce) {}

  private final FailureBackoff pairs;
  private final SharedWindowLimiter accountsUnderAttack;
  private final SharedWindowLimiter addressesNeedingProof;
  private final SharedWindowLimiter registrationsPerAddress;
  private final ProofOfWork work;
  private final int freePerPair;

  public LoginThrottle(
      LoginThrottleSettings settings, Clock clock, SharedRecords records, AccessTokens tokens) {
    Duration window = settings.loginFailureWindow();
    this.pairs = new FailureBackoff(records, clock, "login-pair", window);
    this.accountsUnderAttack =
        new SharedWindowLimiter(records, clock, "login-account", window, UNDER_ATTACK);
    this.addressesNeedingProof =
        new SharedWindowLimiter(
            records, clock, "login-address", window, settings.loginMaxFailuresPerAddress());
    this.registrationsPerAddress =
        new SharedWindowLimiter(
            records,
            clock,
            "registration-address",
            Duration.ofHours(1),
            settings.registrationsPerAddressPerHour());
    this.work =
        new ProofOfWork(
            clock,
            tokens.derivedKey("medirelay proof of work"),
            (challenge, expiry) -> records.createOnce("proof-used:" + challenge, expiry));
    this.freePerPair = settings.loginMaxFailuresPerAccount();
  }

  /**
   * Refuses a sign-in attempt with 429 (Retry-After, and a detail saying when) while this account
   * and address pair is paused, or with a proof-of-work challenge when this address needs one and
   * the attempt carries no valid proof. Otherwise the password may be checked.
   */
  public void check(String email, String address, Proof proof) {
    Optional<Duration> wait = pairs.blockedFor(pair(email, address));
    if (wait.isPresent()) {
      throw ApiException.tooManyRequests(
          "Too many failed sign-ins to this account from your address. Try again in "
              + spoken(wait.get())
              + ".",
          wait.get());
    }
    if (addressesNeedingProof.blockedFor(address).isEmpty()
        || (proof != null && work.accepts(proof.challenge(), proof.nonce(), address))) {
      return;
    }
    ProofOfWork.Challenge challenge = work.issue(address, PROOF_BITS);
    throw ApiException.tooManyRequests(
            "Many sign-ins from your network have failed, so each new one must come with a proof"
                + " of work: your browser finds it by itself in a few seconds, then try again at"
                + " once. (Send proof {challenge, nonce} such that SHA-256 of challenge:nonce"
                + " starts with "
                + challenge.bits()
                + " zero bits.)",
            Duration.ofSeconds(1))
        .with("challenge", challenge.value())
        .with("bits", challenge.bits());
  }

  public void recordFailure(String email, String address) {
    boolean underAttack = accountsUnderAttack.blockedFor(email).isPresent();
    pairs.record(pair(email, address), underAttack ? 1 : freePerPair);
    accountsUnderAttack.record(email);
    addressesNeedingProof.record(address);
  }

  /**
   * A successful sign-in clears its own pair only: the account's and the address's failures stand,
   * since one right password proves little about the others.
   */
  public void recordSuccess(String email, String address) {
    pairs.forget(pair(email, address));
  }

  /**
   * Counts a registration from {@code address} if its hourly cap allows one, or says how long to
   * wait. One step, so registrations racing through several instances cannot pass the cap together.
   */
  public Optional<Duration> takeRegistration(String address) {
    return registrationsPerAddress.tryAcquire(address);
  }

  /** "8 seconds", "3 minutes": when a person may try again, in words. */
  static String spoken(Duration wait) {
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    if (seconds < 120) {
      return seconds + (seconds == 1 ? " second" : " seconds");
    }
    return ((seconds + 59) / 60) + " minutes";
  }

  private static String pair(String email, String address) {
    return email + "\n" + address;
  }
}
