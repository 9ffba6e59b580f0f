// Past consultations on the dashboard: completed appointments with their reason, the pre-visit intake summary, the
// call's length, the visit note and the call's chat when the clinic keeps it. An appointment leaves the upcoming list when it is completed (by hand or when the
// host ends the call) and is listed here from then on, on both sides. The doctor writes, edits and shares the note
// here; the patient reads it once shared. The API decides who may read what.
import { api } from '/shared/api.js';
import { $, button, cell, el, say, time, when } from '/shared/dom.js';

let editing = null; // the visit whose note the doctor is editing
let reload = () => Promise.resolve();
let shownJson = null; // the list as last drawn: an unchanged one is not redrawn under the pointer

/** "12 min 34 s" for a duration in seconds; "no call" without one (completed by hand). */
const duration = (seconds) =>
  seconds == null ? 'no call' : (seconds >= 60 ? Math.floor(seconds / 60) + ' min ' : '') + (seconds % 60) + ' s';

/** The other person of the visit: the patient for its doctor, the doctor for its patient. */
const withWhom = (visit, role) => (role === 'doctor' ? visit.patientName : visit.doctorName);

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
    const label = visit.note ? 'Edit note' : 'Write note';
    const b = el('button', label);
    b.type = 'button';
    b.className = 'secondary';
    // The visible words first, then whose: speech input users say what they see (WCAG 2.5.3).
    b.setAttribute('aria-label', label + ' for ' + visit.patientName);
    b.addEventListener('click', () => openEditor(visit));
    td.append(b);
  } else {
    td.append(el('p', visit.note ? visit.note.text : 'No note from your doctor yet.'));
  }
  td.classList.add('visit-note');
  return td;
}

/** Shows the chat kept from the visit's call (the clinic's setting), oldest first. */
async function openChat(visit, role) {
  const lines = await api('GET', '/api/appointments/' + encodeURIComponent(visit.appointmentId) + '/chat');
  $('chat-for').textContent = withWhom(visit, role) + ', ' + when(visit.start);
  $('kept-chat').replaceChildren(
    ...lines.map((line) => {
      const li = el('li');
      li.append(el('strong', line.from || 'Someone'), ' ', el('time', time(line.at)), el('p', line.text));
      return li;
    }),
  );
  $('chat-viewer').hidden = false;
  $('chat-close').focus();
}

/** The call's length, and the way to its chat when some was kept. */
function durationCell(visit, role) {
  const td = cell('Duration', duration(visit.durationSeconds));
  if (visit.chatMessages > 0) {
    const label = 'Chat (' + visit.chatMessages + ')';
    const b = button(label, () => openChat(visit, role), true);
    b.setAttribute('aria-label', label + ': read what was written in this call');
    td.append(' ', b);
  }
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
      cell('With', withWhom(v, role)),
      reasonCell(v),
      durationCell(v, role),
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
$('chat-close').addEventListener('click', () => {
  $('chat-viewer').hidden = true;
});
