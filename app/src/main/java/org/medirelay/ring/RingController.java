package org.medirelay.ring;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.medirelay.auth.CurrentUser;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ringing over HTTP: the doctor rings (201, or 200 for the ring already ringing) and may cancel;
 * the patient accepts or declines. What follows reaches both dashboards through their event stream
 * ({@code /api/events}). Who may do what: SecurityConfiguration by role, {@link Rings} per ring.
 */
@RestController
class RingController {

  private final Rings rings;

  RingController(Rings rings) {
    this.rings = rings;
  }

  @PostMapping("/api/appointments/{id}/ring")
  ResponseEntity<RingView> ring(
      @PathVariable String id,
      @AuthenticationPrincipal CurrentUser doctor,
      HttpServletRequest request) {
    Rings.Requested requested = rings.request(doctor, id, request);
    return ResponseEntity.status(requested.created() ? HttpStatus.CREATED : HttpStatus.OK)
        .body(RingView.of(requested.ring()));
  }

  @PostMapping("/api/rings/{id}/accept")
  RingView accept(
      @PathVariable String id,
      @AuthenticationPrincipal CurrentUser patient,
      HttpServletRequest request) {
    return RingView.of(rings.answer(patient, id, true, request));
  }

  @PostMapping("/api/rings/{id}/reject")
  RingView reject(
      @PathVariable String id,
      @AuthenticationPrincipal CurrentUser patient,
      HttpServletRequest request) {
    return RingView.of(rings.answer(patient, id, false, request));
  }

  @PostMapping("/api/rings/{id}/cancel")
  RingView cancel(
      @PathVariable String id,
      @AuthenticationPrincipal CurrentUser doctor,
      HttpServletRequest request) {
    return RingView.of(rings.cancel(doctor, id, request));
  }

  /** The caller's missed calls of the last week, the latest first. */
  @GetMapping("/api/rings/missed")
  List<RingView> missed(@AuthenticationPrincipal CurrentUser user) {
    return rings.missed(user).stream().map(RingView::of).toList();
  }
}
