package org.medirelay.assistant;

import java.net.http.HttpClient;
import java.time.Clock;
import org.medirelay.assistant.appointments.AppointmentQuestions;
import org.medirelay.assistant.appointments.PatientAppointments;
import org.medirelay.assistant.help.HelpCorpus;
import org.medirelay.assistant.help.HelpSearch;
import org.medirelay.assistant.intake.IntakeFlow;
import org.medirelay.assistant.provider.ChatCompletionsClient;
import org.medirelay.assistant.provider.ProviderHelp;
import org.medirelay.assistant.provider.ProviderSettings;
import org.medirelay.assistant.safety.EmergencyAdvice;
import org.medirelay.assistant.safety.MedicalAdviceGuard;
import org.medirelay.assistant.safety.RedFlagDetector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the (plain Java) assistant from the configuration; the provider only when
 * ASSISTANT_PROVIDER_URL is set.
 */
@Configuration(proxyBeanMethods = false)
class AssistantConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(AssistantConfiguration.class);

  @Bean
  Assistant assistant(
      AssistantSettings configuration, PatientAppointments appointments, Clock clock) {
    Clock clinicClock = clock.withZone(configuration.timeZone());
    ProviderSettings settings = configuration.provider();
    ProviderHelp provider = null;
    if (settings.configured()) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
      provider = new ProviderHelp(new ChatCompletionsClient(settings, http));
      LOG.info(
          "Consult assistant: language model at {} (model {}), built-in engine as fallback",
          settings.baseUrl(),
          settings.model());
    } else {
      LOG.info("Consult assistant: built-in engine (no ASSISTANT_PROVIDER_URL)");
    }
    return new Assistant(
        new RedFlagDetector(),
        new EmergencyAdvice(
            configuration.assistantEmergencyNumber(), configuration.assistantCrisisLine()),
        new MedicalAdviceGuard(),
        new IntakeFlow(clinicClock),
        new HelpSearch(HelpCorpus.load(getClass().getClassLoader())),
        new AppointmentQuestions(clinicClock),
        appointments,
        provider);
  }
}
