package org.medirelay.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medirelay.support.AppTest;
import org.medirelay.testkit.AppApi;
import org.medirelay.token.Grant;

/**
 * A doctor lets an appointment's patient straight into the call (the {@code enter} grant in the
 * patient's join token, which the media node reads) instead of the waiting room, through the
 * running server; only the appointment's doctor chooses, and the choice holds for the links issued
 * after it.
 */
class PatientAdmissionApiTest extends AppTest {

  @Test
  void theDoctorLetsThePatientStraightInAndCanTakeItBack() throws Exception {
    Account doctor = register("doctor");
    Account patient = register("patient");
    String appointment = confirmedAppointment(doctor, patient);
    String admission = "/api/appointments/" + appointment + "/session/admission";
    String session = "/api/appointments/" + appointment + "/session";

    assertThat(enters(api.get(admission, patient.token()))).isFalse();
    assertThat(grantsOf(api.post(session, "", patient.token()).expect(201)))
        .containsExactlyInAnyOrder(Grant.PUBLISH, Grant.SUBSCRIBE);

    assertThat(enters(api.put(admission, Map.of("patientEntersDirectly", true), doctor.token())))
        .isTrue();
    assertThat(enters(api.get(admission, doctor.token()))).isTrue();
    assertThat(grantsOf(api.post(session, "", patient.token()).expect(200)))
        .containsExactlyInAnyOrder(Grant.PUBLISH, Grant.SUBSCRIBE, Grant.ENTER);
    assertThat(grantsOf(api.post(session, "", doctor.token()).expect(200)))
        .as("the doctor's own link is a host's, as before")
        .contains(Grant.ADMIT);

    api.put(admission, Map.of("patientEntersDirectly", false), doctor.token()).expect(200);
    assertThat(grantsOf(api.post(session, "", patient.token()).expect(200)))
        .doesNotContain(Grant.ENTER);
  }

  @Test
  void onlyTheAppointmentsDoctorChoosesAndABadBodyIsAProblem() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    Account otherDoctor = register("doctor");
    String appointment = confirmedAppointment(doctor, patient);
    String admission = "/api/appointments/" + appointment + "/session/admission";

    assertProblem(api.put(admission, Map.of("patientEntersDirectly", true), patient.token()), 403);
    assertProblem(
        api.put(admission, Map.of("patientEntersDirectly", true), otherDoctor.token()), 404);
    assertProblem(api.get(admission, otherDoctor.token()), 404);
    assertProblem(api.put(admission, Map.of(), doctor.token()), 400);
    assertProblem(api.put(admission, Map.of("patientEntersDirectly", "soon"), doctor.token()), 400);
    assertThat(enters(api.get(admission, doctor.token()))).isFalse();
  }

  private static boolean enters(AppApi.Response response) {
    return response.expect(200).get("patientEntersDirectly").asBoolean();
  }
}
