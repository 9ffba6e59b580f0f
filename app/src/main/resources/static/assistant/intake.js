// The pre-visit summary of one appointment (?appointment=ID) for its doctor (or patient), read-only.
import { api, getToken } from '/shared/api.js';
import { $ } from '/shared/dom.js';
import { watchRingsOnThisPage } from '/shared/ring.js';

const appointmentId = new URLSearchParams(location.search).get('appointment');

function row(label, value) {
  const dt = document.createElement('dt');
  dt.textContent = label;
  const dd = document.createElement('dd');
  dd.textContent = value;
  $('intake').append(dt, dd);
}

const list = (items) => (items == null ? 'not answered' : items.length === 0 ? 'none' : items.join(', '));
const orNot = (value) => (value == null ? 'not answered' : String(value));

(async () => {
  try {
    if (!getToken()) throw new Error('Please sign in first.');
    const data = await api('GET', '/api/appointments/' + encodeURIComponent(appointmentId) + '/intake');
    $('intake-status').textContent =
      data.status === 'complete' ? 'Confirmed by the patient.' : 'The patient has not finished the questions yet.';
    if (data.redFlags.length) {
      $('red-flags').hidden = false;
      $('red-flags').textContent =
        'Red flags raised (the patient was told to seek emergency care): ' + data.redFlags.join('; ');
    }
    const s = data.summary;
    if (s) {
      row('Main problem', orNot(s.mainComplaint));
      row('Started', s.onset == null ? 'not answered' : s.onset + (s.onsetDate ? ' (around ' + s.onsetDate + ')' : ''));
      row('How much it bothers them (0-10)', orNot(s.severity));
      row('Current medicines', list(s.medicines));
      row('Allergies', list(s.allergies));
      row('Wants from the visit', orNot(s.goal));
      if (s.questionsForDoctor.length) row('Questions for the doctor', s.questionsForDoctor.join('\n'));
    }
    $('intake-section').hidden = false;
    document.body.dataset.state = 'ready';
  } catch (e) {
    $('message').textContent = e.message;
    document.body.dataset.state = 'error';
  }
})();

// Rings reach the signed-in patient or doctor on this page too (shared/ring.js).
watchRingsOnThisPage().catch(() => {});
