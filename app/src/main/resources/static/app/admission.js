// The doctor's choice, per appointment, to let the patient straight into the call instead of the waiting room
// (GET/PUT /api/appointments/{id}/session/admission). The waiting room stays the default: the box starts unticked
// until the app says otherwise.
import { api } from '/shared/api.js';
import { el, say } from '/shared/dom.js';

/** A labelled checkbox for appointment `a`, filled in from the app once it answers. */
export function admissionChoice(a) {
  const label = el('label');
  label.className = 'admission-choice';
  const box = el('input');
  box.type = 'checkbox';
  box.dataset.action = 'patient-enters-directly';
  box.disabled = true;
  label.append(box, el('span', ' Let ' + a.patientName + ' in without waiting'));
  const path = '/api/appointments/' + a.id + '/session/admission';
  api('GET', path).then(
    (choice) => {
      box.checked = choice.patientEntersDirectly;
      box.disabled = false;
    },
    () => (label.hidden = true),
  );
  box.addEventListener('change', async () => {
    box.disabled = true;
    try {
      const choice = await api('PUT', path, { patientEntersDirectly: box.checked });
      box.checked = choice.patientEntersDirectly;
      say(
        choice.patientEntersDirectly
          ? a.patientName + ' will join the call without waiting for you to let them in.'
          : a.patientName + ' will wait in the waiting room until you let them in.',
        true,
      );
    } catch (e) {
      box.checked = !box.checked;
      say(e.message);
    } finally {
      box.disabled = false;
    }
  });
  return label;
}
