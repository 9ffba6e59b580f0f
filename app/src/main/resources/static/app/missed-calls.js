// Missed calls on the dashboard: the rings of the last week that nobody answered, on both sides (README "Ringing").
import { api } from '/shared/api.js';
import { $, el, when } from '/shared/dom.js';

/** Loads and shows the signed-in patient's or doctor's missed calls; the section hides while there are none. */
export async function loadMissedCalls(me) {
  const rings = await api('GET', '/api/rings/missed');
  $('missed-calls').replaceChildren(
    ...rings.map((ring) => {
      const li = el(
        'li',
        (me.id === ring.patientId ? 'Missed call from ' + ring.doctorName : 'No answer from ' + ring.patientName) +
          ', ' +
          when(ring.createdAt) +
          ' (appointment of ' +
          when(ring.appointmentStart) +
          ')',
      );
      li.dataset.ringId = ring.id;
      return li;
    }),
  );
  $('missed-section').hidden = rings.length === 0;
}
