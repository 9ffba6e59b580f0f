package org.medirelay.media;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.medirelay.testkit.Browsers;
import org.medirelay.testkit.ExternalTool;
import org.medirelay.token.Grant;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * One session on a media node, opened in Chromium pages: what this module's browser tests share.
 * Before each test it starts a token issuer (which also serves the call page) and a node (the test
 * defaults plus the environment given); after it, it quits every page it opened and stops both.
 * Skips (or, under CI=true, fails) the test when Chromium or chromedriver is missing.
 *
 * <pre>
 * &#64;RegisterExtension final BrowserCall call = new BrowserCall("sess-x");
 * ChromeDriver doctor = call.open(call.token("Dr Ana", HOST));
 * </pre>
 */
final class BrowserCall implements BeforeEachCallback, AfterEachCallback {

  private static final Set<Grant> MEDIA = EnumSet.of(Grant.PUBLISH, Grant.SUBSCRIBE);

  private final String session;
  private final Map<String, String> environment;
  private final List<ChromeDriver> pages = new ArrayList<>();
  private TestIssuer issuer;
  private MediaNode node;

  BrowserCall(String session) {
    this(session, Map.of());
  }

  /** A call on a node whose environment adds {@code environment} to the test defaults. */
  BrowserCall(String session, Map<String, String> environment) {
    this.session = session;
    this.environment = environment;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    ExternalTool.require("chromium", "chromium");
    ExternalTool.require("chromedriver", "chromium-driver");
    issuer = new TestIssuer("media-test");
    node = TestNodes.start(issuer, environment);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      pages.forEach(ChromeDriver::quit);
      pages.clear();
    } finally {
      if (node != null) {
        node.close();
      }
      if (issuer != null) {
        issuer.close();
      }
    }
  }

  MediaNode node() {
    return node;
  }

  /** A join token to this session for {@code name} with {@code grants}. */
  String token(String name, Set<Grant> grants) {
    return issuer.token(session, name, grants);
  }

  /** The same, expiring at {@code expiresAt}. */
  String token(String name, Set<Grant> grants, Instant expiresAt) {
    return issuer.token(session, name, grants, expiresAt);
  }

  /** A token whose holder waits until a host lets them in. */
  String waitingToken(String name, Set<Grant> grants) {
    return issuer.waitingToken(session, name, grants);
  }

  /** The call page's URL for {@code token}, as a signed-in person opens it. */
  String joinUrl(String token) {
    return issuer.joinUrl(session, token, node.signalingUrl());
  }

  /** The call page's URL for {@code token}, as a guest opens it (no way to a dashboard). */
  String guestJoinUrl(String token) {
    return issuer.guestJoinUrl(session, token, node.signalingUrl());
  }

  /** A new Chromium page (closed after the test) on the call page for {@code token}. */
  ChromeDriver open(String token, String... chromiumArguments) {
    ChromeDriver page = Browsers.chromium(chromiumArguments);
    pages.add(page);
    page.get(joinUrl(token));
    return page;
  }

  /** A page on the call page for {@code token}, past the device check (it pressed Join). */
  ChromeDriver joinAs(String token, String... chromiumArguments) {
    ChromeDriver page = open(token, chromiumArguments);
    Browsers.pressJoin(page);
    return page;
  }

  /** A page of {@code name}, who publishes and subscribes, past the device check. */
  ChromeDriver join(String name) {
    return joinAs(token(name, MEDIA));
  }

  /** Every page opened so far, in order. */
  List<ChromeDriver> pages() {
    return List.copyOf(pages);
  }
}
