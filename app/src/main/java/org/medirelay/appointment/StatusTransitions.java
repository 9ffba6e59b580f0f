package org.medirelay.appointment;

import static org.medirelay.appointment.AppointmentStatus.CANCELLED;
import static org.medirelay.appointment.AppointmentStatus.COMPLETED;
import static org.medirelay.appointment.AppointmentStatus.CONFIRMED;
import static org.medirelay.appointment.AppointmentStatus.IN_PROGRESS;
import static org.medirelay.appointment.AppointmentStatus.NO_SHOW;
import static org.medirelay.appointment.AppointmentStatus.REQUESTED;

import java.util.Map;
import java.util.Set;

/**
 * Who may move an appointment from where to where:
 *
 * <pre>
 * requested   → confirmed   (doctor)        requested/confirmed → cancelled (doctor, patient, admin)
 * confirmed   → in-progress (doctor)        confirmed           → no-show   (doctor)
 * in-progress → completed   (doctor)
 * </pre>
 *
 * Completed, cancelled and no-show are final. Besides these moves by people, a confirmed or
 * in-progress appointment is completed when its host ends its video call for everyone ({@link
 * AppointmentService#completeByCall}).
 */
final class StatusTransitions {

  /** Which party moves an appointment. */
  enum Actor {
    DOCTOR,
    PATIENT,
    ADMIN
  }

  private record Move(AppointmentStatus from, AppointmentStatus to) {}

  private static final Map<Move, Set<Actor>> ALLOWED =
      Map.of(
          new Move(REQUESTED, CONFIRMED), Set.of(Actor.DOCTOR),
          new Move(REQUESTED, CANCELLED), Set.of(Actor.DOCTOR, Actor.PATIENT, Actor.ADMIN),
          new Move(CONFIRMED, IN_PROGRESS), Set.of(Actor.DOCTOR),
          new Move(CONFIRMED, CANCELLED), Set.of(Actor.DOCTOR, Actor.PATIENT, Actor.ADMIN),
          new Move(CONFIRMED, NO_SHOW), Set.of(Actor.DOCTOR),
          new Move(IN_PROGRESS, COMPLETED), Set.of(Actor.DOCTOR));

  private StatusTransitions() {}

  /** True when the move exists at all, whoever makes it. */
  static boolean exists(AppointmentStatus from, AppointmentStatus to) {
    return ALLOWED.containsKey(new Move(from, to));
  }

  static boolean allowed(AppointmentStatus from, AppointmentStatus to, Actor actor) {
    return ALLOWED.getOrDefault(new Move(from, to), Set.of()).contains(actor);
  }
}
