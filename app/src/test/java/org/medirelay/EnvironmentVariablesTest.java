package org.medirelay;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medirelay.account.AdminAccountSettings;
import org.medirelay.account.DevModeSettings;
import org.medirelay.assistant.AssistantSettings;
import org.medirelay.auth.AccessTokenSettings;
import org.medirelay.auth.LoginThrottleSettings;
import org.medirelay.medianode.MediaNodeSettings;
import org.medirelay.ops.MetricsSettings;
import org.medirelay.problem.RequestLimitSettings;
import org.medirelay.push.PushSettings;
import org.medirelay.ring.RingSettings;
import org.medirelay.session.GuestSettings;
import org.medirelay.session.IntegrationSettings;
import org.medirelay.session.JoinLinkSettings;
import org.medirelay.session.JoinTokenKeySettings;
import org.medirelay.session.TurnSettings;
import org.medirelay.store.StoreSettings;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

/**
 * Every environment variable README.md documents for the app ("App (environment variables)", the
 * table and the assistant's paragraph after it) reaches its setting, and the table's defaults are
 * the settings' defaults. The variables go in as the app reads them: as the process environment of
 * a Spring application with the app's settings scan and application.properties.
 */
class EnvironmentVariablesTest {

  private static final Path README = Path.of("..", "README.md");

  /** How one variable is set here, where its setting is read, and what the setting becomes. */
  private record Variable(
      String value, Function<ApplicationContext, Object> setting, Object expected) {}

  private static <S> Variable set(
      String value, Class<S> settings, Function<S, Object> component, Object expected) {
    return new Variable(value, context -> component.apply(context.getBean(settings)), expected);
  }

  private static final Map<String, Variable> VARIABLES =
      Map.ofEntries(
          entry(
              "PORT",
              new Variable(
                  "9090",
                  context ->
                      List.of(
                          context.getEnvironment().getRequiredProperty("server.port", int.class),
                          context.getBean(JoinLinkSettings.class).port()),
                  List.of(9090, 9090))),
          entry(
              "DATA_DIR",
              set(
                  "/srv/medirelay",
                  StoreSettings.class,
                  s -> s.dataDir(),
                  Path.of("/srv/medirelay"))),
          entry(
              "MONGO_URI",
              set(
                  "mongodb://db:27017/medirelay",
                  StoreSettings.class,
                  s -> s.mongoUri(),
                  "mongodb://db:27017/medirelay")),
          entry(
              "CLIENT_BASE_URL",
              set(
                  "https://consult.example.org/",
                  JoinLinkSettings.class,
                  s -> s.clientBaseUrl(),
                  "https://consult.example.org")),
          entry(
              "INTERNAL_SECRET",
              set("s1", IntegrationSettings.class, s -> s.internalSecret(), "s1")),
          entry("METRICS_TOKEN", set("s0", MetricsSettings.class, s -> s.metricsToken(), "s0")),
          entry(
              "MEDIA_NODE_SECRET",
              set("s2", MediaNodeSettings.class, s -> s.mediaNodeSecret(), "s2")),
          entry(
              "TURN_URLS",
              set(
                  "turn:t.example.org:3478, turns:t.example.org:443?transport=tcp",
                  TurnSettings.class,
                  s -> s.turnUrls(),
                  List.of("turn:t.example.org:3478", "turns:t.example.org:443?transport=tcp"))),
          entry("TURN_SECRET", set("s3", TurnSettings.class, s -> s.turnSecret(), "s3")),
          entry(
              "TURN_CREDENTIAL_TTL",
              set("3600", TurnSettings.class, s -> s.turnCredentialTtl(), Duration.ofHours(1))),
          entry(
              "JOIN_TOKEN_TTL",
              set("900", JoinLinkSettings.class, s -> s.joinTokenTtl(), Duration.ofMinutes(15))),
          entry(
              "JOIN_TOKEN_KEY_FILE",
              set(
                  "/etc/medirelay/join.pem",
                  JoinTokenKeySettings.class,
                  s -> s.joinTokenKeyFile(),
                  "/etc/medirelay/join.pem")),
          entry(
              "JOIN_TOKEN_PREVIOUS_KEY_FILES",
              set(
                  "/etc/medirelay/old-1.pem, /etc/medirelay/old-2.pem",
                  JoinTokenKeySettings.class,
                  s -> s.joinTokenPreviousKeyFiles(),
                  List.of("/etc/medirelay/old-1.pem", "/etc/medirelay/old-2.pem"))),
          entry(
              "ACCESS_TOKEN_TTL",
              set("2h", AccessTokenSettings.class, s -> s.accessTokenTtl(), Duration.ofHours(2))),
          entry(
              "ACCESS_TOKEN_SECRET",
              set("c2VjcmV0", AccessTokenSettings.class, s -> s.accessTokenSecret(), "c2VjcmV0")),
          entry(
              "ADMIN_EMAIL",
              set(
                  "ops@example.org",
                  AdminAccountSettings.class,
                  s -> s.adminEmail(),
                  "ops@example.org")),
          entry(
              "ADMIN_PASSWORD",
              set(
                  "correct horse battery",
                  AdminAccountSettings.class,
                  s -> s.adminPassword(),
                  "correct horse battery")),
          entry("MEDIRELAY_DEV", set("true", DevModeSettings.class, s -> s.medirelayDev(), true)),
          entry(
              "LOGIN_MAX_FAILURES_PER_ACCOUNT",
              set("3", LoginThrottleSettings.class, s -> s.loginMaxFailuresPerAccount(), 3)),
          entry(
              "LOGIN_MAX_FAILURES_PER_ADDRESS",
              set("50", LoginThrottleSettings.class, s -> s.loginMaxFailuresPerAddress(), 50)),
          entry(
              "LOGIN_FAILURE_WINDOW",
              set(
                  "300",
                  LoginThrottleSettings.class,
                  s -> s.loginFailureWindow(),
                  Duration.ofMinutes(5))),
          entry(
              "REGISTRATIONS_PER_ADDRESS_PER_HOUR",
              set("4", LoginThrottleSettings.class, s -> s.registrationsPerAddressPerHour(), 4)),
          entry(
              "MAX_REQUEST_BODY",
              set(
                  "32KB",
                  RequestLimitSettings.class,
                  s -> s.maxRequestBody(),
                  DataSize.ofKilobytes(32))),
          entry(
              "MEDIA_NODE_HEARTBEAT_INTERVAL",
              set(
                  "5",
                  MediaNodeSettings.class,
                  s -> s.mediaNodeHeartbeatInterval(),
                  Duration.ofSeconds(5))),
          entry(
              "MEDIA_NODE_HEARTBEAT_TIMEOUT",
              set(
                  "20",
                  MediaNodeSettings.class,
                  s -> s.mediaNodeHeartbeatTimeout(),
                  Duration.ofSeconds(20))),
          entry(
              "MAX_GUESTS_PER_SESSION",
              set("2", GuestSettings.class, s -> s.maxGuestsPerSession(), 2)),
          entry(
              "RING_TIMEOUT",
              set("30", RingSettings.class, s -> s.ringTimeout(), Duration.ofSeconds(30))),
          entry(
              "EVENT_POLL_INTERVAL",
              set("250", PushSettings.class, s -> s.eventPollInterval(), Duration.ofMillis(250))),
          entry(
              "ASSISTANT_PROVIDER_URL",
              set(
                  "http://localhost:11434/v1",
                  AssistantSettings.class,
                  s -> s.assistantProviderUrl(),
                  "http://localhost:11434/v1")),
          entry(
              "ASSISTANT_MODEL",
              set("llama3.1:8b", AssistantSettings.class, s -> s.assistantModel(), "llama3.1:8b")),
          entry(
              "ASSISTANT_API_KEY",
              set("sk-1", AssistantSettings.class, s -> s.assistantApiKey(), "sk-1")),
          entry(
              "ASSISTANT_TIMEOUT",
              set(
                  "20",
                  AssistantSettings.class,
                  s -> s.assistantTimeout(),
                  Duration.ofSeconds(20))),
          entry(
              "ASSISTANT_EMERGENCY_NUMBER",
              set("112", AssistantSettings.class, s -> s.assistantEmergencyNumber(), "112")),
          entry(
              "ASSISTANT_CRISIS_LINE",
              set(
                  "Telefonseelsorge 0800 111 0 111",
                  AssistantSettings.class,
                  s -> s.assistantCrisisLine(),
                  "Telefonseelsorge 0800 111 0 111")),
          entry(
              "ASSISTANT_TIME_ZONE",
              set(
                  "Europe/Berlin",
                  AssistantSettings.class,
                  s -> s.assistantTimeZone(),
                  "Europe/Berlin")),
          entry(
              "ASSISTANT_MAX_MESSAGES_PER_MINUTE",
              set("5", AssistantSettings.class, s -> s.assistantMaxMessagesPerMinute(), 5)));

  /** The app's settings as the app binds them, and nothing else of the app. */
  @Configuration(proxyBeanMethods = false)
  @ConfigurationPropertiesScan(basePackageClasses = MediRelayApplication.class)
  static class SettingsOnly {}

  private static ConfigurableApplicationContext withNothingSet;

  @BeforeAll
  static void startWithNothingSet() {
    withNothingSet = start(Map.of());
  }

  @AfterAll
  static void stop() {
    withNothingSet.close();
  }

  /**
   * These variables stand in for the process environment, so whatever the shell running the build
   * has set (a PORT, say) changes nothing here.
   */
  private static ConfigurableApplicationContext start(Map<String, ?> variables) {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .replace(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new LinkedHashMap<>(variables)));
    return new SpringApplicationBuilder(SettingsOnly.class)
        .web(WebApplicationType.NONE)
        .bannerMode(Banner.Mode.OFF)
        .logStartupInfo(false)
        .environment(environment)
        .run();
  }

  private static String appSection() throws IOException {
    String readme = Files.readString(README);
    int start = readme.indexOf("### App (environment variables)");
    assertThat(start)
        .as("README.md has the section \"App (environment variables)\"")
        .isNotNegative();
    int end = readme.indexOf("\n### ", start + 1);
    return readme.substring(start, end);
  }

  /** Every variable the section names: the table's and those of the paragraph after it. */
  private static Set<String> documentedVariables() throws IOException {
    Set<String> names = new TreeSet<>();
    Matcher name = Pattern.compile("`([A-Z][A-Z0-9_]+)`").matcher(appSection());
    while (name.find()) {
      names.add(name.group(1));
    }
    return names;
  }

  /**
   * The table's variables, each with its default written as a value one could set: {@code 900 (s)}
   * is 900, {@code (empty)} is empty, {@code $PORT} is PORT's default.
   */
  private static Map<String, String> documentedDefaults() throws IOException {
    Map<String, String> defaults = new LinkedHashMap<>();
    Matcher row = Pattern.compile("(?m)^\\| (`[A-Z][^|]*) \\| ([^|]*) \\|").matcher(appSection());
    while (row.find()) {
      String value =
          row.group(2).replace("`", "").replace("(empty)", "").replace(" (s)", "").strip();
      Matcher name = Pattern.compile("`([A-Z][A-Z0-9_]+)`").matcher(row.group(1));
      while (name.find()) {
        defaults.put(name.group(1), value);
      }
    }
    defaults.replaceAll((name, value) -> value.replace("$PORT", defaults.get("PORT")));
    return defaults;
  }

  @Test
  void everyDocumentedVariableIsCheckedHere() throws IOException {
    assertThat(new TreeSet<>(VARIABLES.keySet())).isEqualTo(documentedVariables());
  }

  @Test
  void eachVariableSetsItsSetting() {
    Map<String, String> values = new LinkedHashMap<>();
    VARIABLES.forEach((name, variable) -> values.put(name, variable.value()));
    try (ConfigurableApplicationContext context = start(values)) {
      SoftAssertions softly = new SoftAssertions();
      VARIABLES.forEach(
          (name, variable) -> {
            softly
                .assertThat(variable.setting().apply(context))
                .as(name)
                .isEqualTo(variable.expected());
            softly
                .assertThat(variable.setting().apply(withNothingSet))
                .as(name + " unset")
                .isNotEqualTo(variable.expected());
          });
      softly.assertAll();
    }
  }

  @Test
  void theTablesDefaultsAreTheDefaults() throws IOException {
    Map<String, String> defaults = documentedDefaults();
    assertThat(defaults).containsKeys("PORT", "DATA_DIR", "MEDIA_NODE_HEARTBEAT_INTERVAL");
    try (ConfigurableApplicationContext context = start(defaults)) {
      SoftAssertions softly = new SoftAssertions();
      defaults.forEach(
          (name, value) -> {
            Function<ApplicationContext, Object> setting = VARIABLES.get(name).setting();
            softly
                .assertThat(setting.apply(context))
                .as(name + "=" + value)
                .isEqualTo(setting.apply(withNothingSet));
          });
      softly.assertAll();
    }
  }

  @Test
  void theDefaultPublicUrlFollowsThePort() {
    assertThat(withNothingSet.getBean(JoinLinkSettings.class).clientBaseUrl())
        .isEqualTo("http://localhost:8080");
    try (ConfigurableApplicationContext context = start(Map.of("PORT", "9090"))) {
      assertThat(context.getBean(JoinLinkSettings.class).clientBaseUrl())
          .isEqualTo("http://localhost:9090");
    }
  }

  @Test
  void valuesThatCannotWorkStopTheStartNamingTheVariable() {
    Map<String, String> wrong =
        Map.ofEntries(
            entry("PORT", "70000"),
            entry("MONGO_URI", "mongodb://db:27017"),
            entry("CLIENT_BASE_URL", "consult.example.org"),
            entry("TURN_URLS", "http://turn.example.org"),
            entry("TURN_CREDENTIAL_TTL", "0"),
            entry("JOIN_TOKEN_TTL", "0"),
            entry("ACCESS_TOKEN_TTL", "0"),
            entry("ADMIN_PASSWORD", "short"),
            entry("LOGIN_MAX_FAILURES_PER_ACCOUNT", "0"),
            entry("LOGIN_FAILURE_WINDOW", "-1"),
            entry("REGISTRATIONS_PER_ADDRESS_PER_HOUR", "0"),
            entry("MAX_REQUEST_BODY", "0B"),
            entry("MEDIA_NODE_HEARTBEAT_INTERVAL", "0"),
            // Not longer than the (default) interval: every node would die between two heartbeats.
            entry("MEDIA_NODE_HEARTBEAT_TIMEOUT", "2"),
            entry("MAX_GUESTS_PER_SESSION", "-1"));
    wrong.forEach(
        (name, value) ->
            assertThatThrownBy(() -> start(Map.of(name, value)).close())
                .as(name + "=" + value)
                .hasStackTraceContaining(name));
  }
}
