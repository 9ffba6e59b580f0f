// The dashboard's notice of a call someone waits in (the seeds' incoming-call notice), with *Join now*: it says who
// waits in the call of one of this person's open appointments while this person is not in it; to the patient, that
// the doctor is in the call; to the doctor, that the patient is waiting (in the waiting room, or alone in the call).
// The media nodes tell the app as soon as someone enters or leaves (GET /api/calls and the calls:changed events carry
// the same record: appointmentId, inProgress, doctor and patient, each 'in-call', 'waiting' or null), so the notice
// comes and goes within about a second.
import { api } from '/shared/api.js';
import { $, say, when } from '/shared/dom.js';
import { on } from '/shared/events.js';
import { joinCall } from '/shared/ring.js';

let me = null; // the signed-in patient or doctor; null: no notice
let appointments = []; // the appointments on screen
let calls = new Map(); // appointment id → who is in its call, as last heard
let waitingFor = null; // the appointment whose call the notice offers

$('call-waiting-join').addEventListener('click', () => {
  if (waitingFor) joinCall(waitingFor.id).catch((e) => say(e.message));
});
on('calls:changed', (call) => {
  if (!me) return;
  if (call.inProgress) calls.set(call.appointmentId, call);
  else calls.delete(call.appointmentId);
  show();
});

/** Loads who is in which call, for `user` (null: signed out, the notice goes). */
export async function loadCalls(user) {
  me = user;
  const list = me ? await api('GET', '/api/calls').catch(() => []) : [];
  calls = new Map(list.map((c) => [c.appointmentId, c]));
  show();
}

/** The appointments on screen changed (a call the host ended completes its appointment: its notice goes). */
export function showCallNotice(rows) {
  appointments = rows;
  show();
}

function show() {
  const mine = me && me.role === 'doctor' ? 'doctor' : 'patient';
  const theirs = mine === 'doctor' ? 'patient' : 'doctor';
  const open = (a) => a.status === 'confirmed' || a.status === 'in-progress';
  waitingFor =
    (me &&
      appointments.find((a) => {
        const call = calls.get(a.id);
        return open(a) && call && call[theirs] && !call[mine];
      })) ||
    null;
  $('call-waiting').hidden = !waitingFor;
  document.title = (waitingFor ? '● ' : '') + document.title.replace(/^● /, '');
  if (!waitingFor) return;
  const at = ' (your ' + when(waitingFor.start) + ' appointment).';
  $('call-waiting-text').textContent =
    mine === 'patient'
      ? waitingFor.doctorName + ' is in the call and waiting for you' + at
      : 'Your patient ' +
        waitingFor.patientName +
        (calls.get(waitingFor.id).patient === 'waiting'
          ? ' is waiting to be let into the call'
          : ' is waiting in the call') +
        at;
}
