// Past consultations on the dashboard: completed appointments with their reason, the pre-visit intake summary, the
// call's length and the visit note. An appointment leaves the upcoming list when it is completed (by hand or when the
// host ends the call) and is listed here from then on, on both sides. The doctor writes, edits and shares the note
// here; the patient reads it once shared. The API decides who may read what.
import { api } from '/shared/api.js';
import { $, cell, el, say, when } from '/shared/dom.js';

let editing = null; // the visit whose note the doctor is editing
let reload = () => Promise.resolve();
let shownJson = null; // the list as last drawn: an unchanged one is not redrawn under the pointer

/** "12 min 34 s" for a duration in seconds; "no call" without one (completed by hand). */
const duration = (seconds) =>
  seconds == null ? 'no call' : (seconds >= 60 ? Math.floor(seconds / 60) + ' min ' : '') + (seconds % 60) + ' s';

function openEditor(visit) {
  editing = visit;
  $('note-for').textContent = visit.patientName + ', ' + when(visit.start);
  $('note-form').elements.text.value = visit.note ? visit.note.text : '';
  $('note-form').elements.shared.checked = !!(visit.note && visit.note.shared);
  $('note-editor').hidden = false;
  $('note-form').elements.text.focus();
}

function noteCell(visit, role) {
  const td = cell('Note', '');
  if (role === 'doctor') {
    if (visit.note) {
      td.append(el('p', visit.note.text), el('p', visit.note.shared ? 'Shared with the patient.' : 'Not shared yet.'));
    }
    const b = el('button', visit.note ? 'Edit note' : 'Write note');
    b.type = 'button';
    b.className = 'secondary';
    b.setAttribute('aria-label', (visit.note ? 'Edit the note for ' : 'Write a note for ') + visit.patientName);
    b.addEventListener('click', () => openEditor(visit));
    td.append(b);
  } else {
    td.append(el('p', visit.note ? visit.note.text : 'No note from your doctor yet.'));
  }
  td.classList.add('visit-note');
  return td;
}

/** The reason given at booking, and the way to the pre-visit answers (the intake summary) of that appointment. */
function reasonCell(visit) {
  const td = cell('Reason', visit.reason);
  const a = el('a', 'Intake summary');
  a.href = '/assistant/intake.html?appointment=' + encodeURIComponent(visit.appointmentId);
  a.className = 'action-link';
  td.append(' ', a);
  return td;
}

/** Lists the signed-in patient's or doctor's past consultations. */
export async function loadVisits(role) {
  reload = () => loadVisits(role);
  const visits = await api('GET', '/api/visits');
  const json = JSON.stringify(visits);
  if (json === shownJson) return;
  shownJson = json;
  const body = $('visits').querySelector('tbody');
  body.replaceChildren();
  if (!visits.length) {
    const td = el('td', 'No past consultations yet.');
    td.colSpan = 5;
    body.append(el('tr'));
    body.lastChild.append(td);
  }
  for (const v of visits) {
    const tr = el('tr');
    tr.dataset.appointmentId = v.appointmentId;
    tr.append(
      cell('When', when(v.start)),
      cell('With', role === 'doctor' ? v.patientName : v.doctorName),
      reasonCell(v),
      cell('Duration', duration(v.durationSeconds)),
      noteCell(v, role),
    );
    body.append(tr);
  }
}

$('note-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = $('note-form').elements;
  api('PUT', '/api/appointments/' + encodeURIComponent(editing.appointmentId) + '/note', {
    text: form.text.value,
    shared: form.shared.checked,
  })
    .then((note) => {
      say(
        note.shared ? 'Note saved and shared with the patient.' : 'Note saved; the patient does not see it yet.',
        true,
      );
      $('note-editor').hidden = true;
      editing = null;
      return reload();
    })
    .catch((e) => say(e.message));
});
$('note-close').addEventListener('click', () => {
  $('note-editor').hidden = true;
  editing = null;
});
