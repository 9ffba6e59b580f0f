package org.medirelay.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

/**
 * Every configuration key of the application tier, in one place. The class binds from the root of
 * the environment, so each field is set by the environment variable of the same name in upper snake
 * case ({@code internalSecret} by {@code INTERNAL_SECRET}), the names the seeds' services already
 * use. Durations without a unit are seconds. {@code PORT} is Spring Boot's own {@code server.port}
 * (see application.properties).
 */
@ConfigurationProperties
public class MediRelaySettings {

  /** DATA_DIR: embedded database file, generated keys, dev-mode passwords. */
  private Path dataDir = Path.of("data");

  /**
   * MONGO_URI: a real MongoDB (with database name); empty means the embedded store under DATA_DIR.
   */
  private String mongoUri = "";

  /**
   * PORT: the HTTP port (Spring Boot's server.port is set from it); also makes the default
   * CLIENT_BASE_URL.
   */
  private int port = 8080;

  /**
   * CLIENT_BASE_URL: the app's public base URL; join URLs start with it and it is the join tokens'
   * issuer. Unset, it is {@code http://localhost:<PORT>}, right for a developer's machine only.
   */
  private String clientBaseUrl = "";

  /**
   * INTERNAL_SECRET: the clinic backend's secret for the integration API; empty disables that API.
   */
  private String internalSecret = "";

  /**
   * METRICS_TOKEN: the bearer token a Prometheus scraper sends for /actuator/prometheus; empty:
   * only clients on this machine may scrape.
   */
  private String metricsToken = "";

  /**
   * MEDIA_NODE_SECRET: shared with media nodes for their heartbeats; empty refuses every heartbeat.
   */
  private String mediaNodeSecret = "";

  /** TURN_URLS: comma-separated turn:/turns:/stun: URIs handed to browsers as iceServers. */
  private List<String> turnUrls = List.of();

  /**
   * TURN_SECRET: the TURN server's static-auth-secret, used to derive short-lived TURN credentials.
   */
  private String turnSecret = "";

  /**
   * TURN_CREDENTIAL_TTL: how long a TURN credential stays valid; it must outlast a consultation.
   */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration turnCredentialTtl = Duration.ofHours(6);

  /** JOIN_TOKEN_TTL: lifetime of a join token (and of the join URL that carries it). */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration joinTokenTtl = Duration.ofHours(1);

  /**
   * JOIN_TOKEN_KEY_FILE: production ES256 key (PEM with PRIVATE KEY and PUBLIC KEY); empty:
   * generated under DATA_DIR.
   */
  private String joinTokenKeyFile = "";

  /**
   * JOIN_TOKEN_PREVIOUS_KEY_FILES: comma-separated PEM files with the PUBLIC KEY of keys used
   * before JOIN_TOKEN_KEY_FILE (a private key in them is ignored). They stay in the JWKS, so links
   * issued before a key change keep working; remove one once JOIN_TOKEN_TTL has passed since the
   * change.
   */
  private String joinTokenPreviousKeyFiles = "";

  /** ACCESS_TOKEN_TTL: lifetime of a signed-in user's access token. */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration accessTokenTtl = Duration.ofHours(8);

  /**
   * ACCESS_TOKEN_SECRET: base64 HMAC key (at least 32 bytes) for access tokens; empty: generated
   * under DATA_DIR.
   */
  private String accessTokenSecret = "";

  /** ADMIN_EMAIL and ADMIN_PASSWORD: the administrator account, created or reset at start. */
  private String adminEmail = "";

  private String adminPassword = "";

  /**
   * MEDIRELAY_DEV: create demo accounts and print their passwords (also on with the "dev" profile).
   */
  private boolean medirelayDev;

  /**
   * LOGIN_MAX_FAILURES_PER_ACCOUNT: failed logins for one email within LOGIN_FAILURE_WINDOW before
   * a 429.
   */
  private int loginMaxFailuresPerAccount = 5;

  /**
   * LOGIN_MAX_FAILURES_PER_ADDRESS: failed logins from one client address within the window before
   * a 429.
   */
  private int loginMaxFailuresPerAddress = 20;

  /** LOGIN_FAILURE_WINDOW: how far back failed logins count. */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration loginFailureWindow = Duration.ofMinutes(15);

  /** REGISTRATIONS_PER_ADDRESS_PER_HOUR: new accounts one client address may create per hour. */
  private int registrationsPerAddressPerHour = 10;

  /** MAX_REQUEST_BODY: the largest request body accepted (413 beyond it). */
  private DataSize maxRequestBody = DataSize.ofKilobytes(64);

  /**
   * MEDIA_NODE_HEARTBEAT_INTERVAL: what nodes are told; a node is live for three intervals after a
   * heartbeat.
   */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration mediaNodeHeartbeatInterval = Duration.ofSeconds(10);

  public Path getDataDir() {
    return dataDir;
  }

  public void setDataDir(Path dataDir) {
    this.dataDir = dataDir;
  }

  public String getMongoUri() {
    return mongoUri;
  }

  public void setMongoUri(String mongoUri) {
    this.mongoUri = mongoUri;
  }

  public int getPort() {
    return port;
  }

  public void setPort(int port) {
    this.port = port;
  }

  public String getClientBaseUrl() {
    return clientBaseUrl.isBlank() ? "http://localhost:" + port : clientBaseUrl;
  }

  public void setClientBaseUrl(String clientBaseUrl) {
    // A trailing slash would give join URLs a double slash and an issuer that differs from the
    // media nodes' APP_URL.
    this.clientBaseUrl =
        clientBaseUrl.endsWith("/")
            ? clientBaseUrl.substring(0, clientBaseUrl.length() - 1)
            : clientBaseUrl;
  }

  public String getInternalSecret() {
    return internalSecret;
  }

  public void setInternalSecret(String internalSecret) {
    this.internalSecret = internalSecret;
  }

  public String getMediaNodeSecret() {
    return mediaNodeSecret;
  }

  public void setMediaNodeSecret(String mediaNodeSecret) {
    this.mediaNodeSecret = mediaNodeSecret;
  }

  public List<String> getTurnUrls() {
    return turnUrls;
  }

  public void setTurnUrls(List<String> turnUrls) {
    this.turnUrls = turnUrls.stream().map(String::strip).filter(url -> !url.isEmpty()).toList();
  }

  public String getTurnSecret() {
    return turnSecret;
  }

  public void setTurnSecret(String turnSecret) {
    this.turnSecret = turnSecret;
  }

  public Duration getTurnCredentialTtl() {
    return turnCredentialTtl;
  }

  public void setTurnCredentialTtl(Duration turnCredentialTtl) {
    this.turnCredentialTtl = turnCredentialTtl;
  }

  public Duration getJoinTokenTtl() {
    return joinTokenTtl;
  }

  public void setJoinTokenTtl(Duration joinTokenTtl) {
    this.joinTokenTtl = joinTokenTtl;
  }

  public String getJoinTokenKeyFile() {
    return joinTokenKeyFile;
  }

  public void setJoinTokenKeyFile(String joinTokenKeyFile) {
    this.joinTokenKeyFile = joinTokenKeyFile;
  }

  public String getMetricsToken() {
    return metricsToken;
  }

  public void setMetricsToken(String metricsToken) {
    this.metricsToken = metricsToken;
  }

  public String getJoinTokenPreviousKeyFiles() {
    return joinTokenPreviousKeyFiles;
  }

  public void setJoinTokenPreviousKeyFiles(String joinTokenPreviousKeyFiles) {
    this.joinTokenPreviousKeyFiles = joinTokenPreviousKeyFiles;
  }

  public Duration getAccessTokenTtl() {
    return accessTokenTtl;
  }

  public void setAccessTokenTtl(Duration accessTokenTtl) {
    this.accessTokenTtl = accessTokenTtl;
  }

  public String getAccessTokenSecret() {
    return accessTokenSecret;
  }

  public void setAccessTokenSecret(String accessTokenSecret) {
    this.accessTokenSecret = accessTokenSecret;
  }

  public String getAdminEmail() {
    return adminEmail;
  }

  public void setAdminEmail(String adminEmail) {
    this.adminEmail = adminEmail;
  }

  public String getAdminPassword() {
    return adminPassword;
  }

  public void setAdminPassword(String adminPassword) {
    this.adminPassword = adminPassword;
  }

  public boolean isMedirelayDev() {
    return medirelayDev;
  }

  public void setMedirelayDev(boolean medirelayDev) {
    this.medirelayDev = medirelayDev;
  }

  public int getLoginMaxFailuresPerAccount() {
    return loginMaxFailuresPerAccount;
  }

  public void setLoginMaxFailuresPerAccount(int loginMaxFailuresPerAccount) {
    this.loginMaxFailuresPerAccount = loginMaxFailuresPerAccount;
  }

  public int getLoginMaxFailuresPerAddress() {
    return loginMaxFailuresPerAddress;
  }

  public void setLoginMaxFailuresPerAddress(int loginMaxFailuresPerAddress) {
    this.loginMaxFailuresPerAddress = loginMaxFailuresPerAddress;
  }

  public Duration getLoginFailureWindow() {
    return loginFailureWindow;
  }

  public void setLoginFailureWindow(Duration loginFailureWindow) {
    this.loginFailureWindow = loginFailureWindow;
  }

  public int getRegistrationsPerAddressPerHour() {
    return registrationsPerAddressPerHour;
  }

  public void setRegistrationsPerAddressPerHour(int registrationsPerAddressPerHour) {
    this.registrationsPerAddressPerHour = registrationsPerAddressPerHour;
  }

  public DataSize getMaxRequestBody() {
    return maxRequestBody;
  }

  public void setMaxRequestBody(DataSize maxRequestBody) {
    this.maxRequestBody = maxRequestBody;
  }

  public Duration getMediaNodeHeartbeatInterval() {
    return mediaNodeHeartbeatInterval;
  }

  public void setMediaNodeHeartbeatInterval(Duration mediaNodeHeartbeatInterval) {
    this.mediaNodeHeartbeatInterval = mediaNodeHeartbeatInterval;
  }
}
