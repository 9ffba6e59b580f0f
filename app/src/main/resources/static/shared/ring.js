// Ringing (README "Ringing"): a doctor rings the patient of a confirmed appointment from the dashboard; the patient's
// page, whichever of the app's signed-in pages is open, rings with a sound and a dialog to accept or decline. Both
// sides follow the ring through the event stream (/shared/events.js). Each dialog says where it is in
// `data-ring-state`, with the seeds' states: the patient's `idle | ringing | connecting | active | error`, the
// doctor's `idle | calling | connecting | active | busy | ended | error` (`active`: the call opened and the dialog
// closed), and why an ended ring ended in `data-ring-reason` (`declined`, `missed`). Accepting opens the call as the
// dashboard's Join does (joinCall).
import { api, getToken } from '/shared/api.js';
import { el, when } from '/shared/dom.js';
import { connect, disconnect, on } from '/shared/events.js';
import * as tone from '/shared/ring-tone.js';

let me = null;
let incoming = null; // the patient's dialog: { dialog, title, text, sound, accept, decline, close, ring }
let outgoing = null; // the doctor's dialog: { dialog, title, text, cancel, close, ring }
const over = new Set(); // the rings whose dialog closed here: a late event about one does not open it again

/**
 * Opens the appointment's call (its join link: the device check first) in a new tab, as the dashboard's Join does;
 * where the browser blocks the new tab (no click led to it, as when the patient accepts a doctor's ring), in this one.
 */
export async function joinCall(appointmentId) {
  const session = await api('POST', '/api/appointments/' + encodeURIComponent(appointmentId) + '/session');
  const opened = window.open(session.joinUrl, '_blank');
  if (opened) opened.opener = null;
  else location.assign(session.joinUrl);
}

/** Rings on this page for the signed-in patient or doctor `user` until stopWatching(). */
export function watchRings(user) {
  me = user;
  if (!incoming) build();
  connect();
}

/** For a page that knows only the token (the consult assistant's): rings there too. */
export async function watchRingsOnThisPage() {
  if (!getToken()) return;
  const user = await api('GET', '/api/users/profile');
  if (user.role === 'patient' || user.role === 'doctor') watchRings(user);
}

export function stopWatching() {
  disconnect();
  me = null;
  if (incoming) hangUp(incoming, 'idle');
  if (outgoing) hangUp(outgoing, 'idle');
}

/** The doctor rings the appointment's patient: the doctor's dialog follows the ring. */
export async function ringPatient(appointment) {
  const ring = await api('POST', '/api/appointments/' + encodeURIComponent(appointment.id) + '/ring');
  showOutgoing(ring);
}

function build() {
  incoming = dialog('ring-incoming', 'alertdialog', 'Incoming video call');
  incoming.sound = el('p', 'Click or press a key to hear the ring.');
  incoming.sound.className = 'hint';
  incoming.sound.hidden = true;
  incoming.accept = button('Accept', 'accept-call', () => answer(true));
  incoming.decline = button('Decline', 'decline-call', () => answer(false), 'decline');
  incoming.close = button('Close', 'close-call', async () => hangUp(incoming, 'idle'), 'secondary');
  incoming.accept.autofocus = true;
  incoming.dialog.append(incoming.sound, actions(incoming.accept, incoming.decline, incoming.close));
  // Escape declines, as the Decline button does.
  incoming.dialog.addEventListener('cancel', (e) => {
    e.preventDefault();
    if (incoming.dialog.dataset.ringState === 'ringing') answer(false);
    else if (incoming.dialog.dataset.ringState === 'error') hangUp(incoming, 'idle');
  });

  outgoing = dialog('ring-outgoing', 'dialog', 'Calling');
  outgoing.cancel = button('Cancel', 'cancel-call', cancel, 'secondary');
  outgoing.close = button('Close', 'close-call', closeOutgoing, 'secondary');
  outgoing.dialog.append(actions(outgoing.cancel, outgoing.close));
  outgoing.dialog.addEventListener('cancel', (e) => {
    e.preventDefault();
    if (outgoing.dialog.dataset.ringState === 'calling') cancel();
    else closeOutgoing();
  });

  on('call:request', (ring) => {
    if (mine(ring) === 'patient') showIncoming(ring);
    else if (mine(ring) === 'doctor') showOutgoing(ring);
  });
  on('call:accept', (ring) => ended(ring, 'accepted'));
  on('call:reject', (ring) => ended(ring, 'declined'));
  on('call:cancel', (ring) => ended(ring, 'cancelled'));
  on('call:end', (ring) => ended(ring, 'missed'));
}

/** `patient` or `doctor`: which side of the ring this page's user is; null when neither. */
function mine(ring) {
  if (!me) return null;
  return ring.patientId === me.id ? 'patient' : ring.doctorId === me.id ? 'doctor' : null;
}

function dialog(id, role, title) {
  const d = el('dialog');
  d.id = id;
  d.className = 'ring-dialog';
  d.setAttribute('role', role);
  d.setAttribute('aria-labelledby', id + '-title');
  d.setAttribute('aria-describedby', id + '-text');
  d.dataset.ringState = 'idle';
  const heading = el('h2', title);
  heading.id = id + '-title';
  const text = el('p');
  text.id = id + '-text';
  text.setAttribute('role', 'status');
  d.append(heading, text);
  document.body.append(d);
  return { dialog: d, title: heading, text, ring: null };
}

function button(label, action, onClick, className) {
  const b = el('button', label);
  b.type = 'button';
  b.dataset.action = action;
  if (className) b.className = className;
  b.addEventListener('click', () => onClick().catch(() => {}));
  return b;
}

function actions(...buttons) {
  const row = el('div');
  row.className = 'ring-actions';
  row.append(...buttons);
  return row;
}

function show(side, state, text) {
  side.dialog.dataset.ringState = state;
  side.text.textContent = text;
  if (!side.dialog.open) side.dialog.showModal();
}

function hangUp(side, state) {
  if (side === incoming) tone.stop();
  if (side.ring) over.add(side.ring.id);
  side.dialog.dataset.ringState = state;
  if (side.dialog.open) side.dialog.close();
  side.ring = null;
}

function showIncoming(ring) {
  if (ring.state !== 'ringing' || over.has(ring.id) || (incoming.ring && incoming.ring.id === ring.id)) return;
  incoming.ring = ring;
  incoming.dialog.dataset.ringId = ring.id;
  showButtons(incoming, 'accept', 'decline');
  show(
    incoming,
    'ringing',
    ring.doctorName + ' is calling you about your appointment of ' + when(ring.appointmentStart) + '.',
  );
  incoming.accept.focus();
  tone.start().then((sounds) => {
    if (incoming.ring !== ring) return;
    incoming.dialog.dataset.ringSound = sounds ? 'playing' : 'blocked';
    incoming.sound.hidden = sounds;
  });
}

async function answer(accept) {
  const ring = incoming.ring;
  if (!ring) return;
  tone.stop();
  incoming.accept.disabled = true;
  incoming.decline.disabled = true;
  incoming.dialog.dataset.ringState = accept ? 'connecting' : 'idle';
  try {
    await api('POST', '/api/rings/' + encodeURIComponent(ring.id) + (accept ? '/accept' : '/reject'));
    if (accept) await joinCall(ring.appointmentId);
    hangUp(incoming, accept ? 'active' : 'idle');
  } catch (e) {
    showButtons(incoming, 'close');
    show(incoming, 'error', e.message);
    incoming.close.focus();
  }
}

function showOutgoing(ring) {
  if (over.has(ring.id) || (outgoing.ring && outgoing.ring.id === ring.id)) return;
  outgoing.ring = ring;
  outgoing.dialog.dataset.ringId = ring.id;
  delete outgoing.dialog.dataset.ringReason;
  outgoing.title.textContent = 'Calling ' + ring.patientName;
  if (ring.state === 'busy') {
    outgoing.dialog.dataset.ringReason = 'busy';
    showButtons(outgoing, 'close');
    show(outgoing, 'busy', ring.patientName + ' is busy: in another call or being called. Try again in a moment.');
    outgoing.close.focus();
    return;
  }
  showButtons(outgoing, 'cancel');
  show(outgoing, 'calling', 'Ringing ' + ring.patientName + '…');
  outgoing.cancel.focus();
}

/** Shows only these of a dialog's buttons, enabled. */
function showButtons(side, ...shown) {
  for (const b of side.dialog.querySelectorAll('.ring-actions button')) {
    b.hidden = !shown.some((name) => side[name] === b);
    b.disabled = false;
  }
}

async function cancel() {
  const ring = outgoing.ring;
  if (!ring) return;
  try {
    await api('POST', '/api/rings/' + encodeURIComponent(ring.id) + '/cancel');
    hangUp(outgoing, 'idle');
  } catch (e) {
    // It ended otherwise meanwhile (answered, missed): its event says how.
    if (!e.problem || !e.problem.ringState) show(outgoing, 'error', e.message);
  }
}

async function closeOutgoing() {
  hangUp(outgoing, 'idle');
}

/** A ring ended (`how`: accepted, declined, cancelled, missed): each side's dialog says so or goes. */
function ended(ring, how) {
  if (incoming && incoming.ring && incoming.ring.id === ring.id) {
    // Answered here (answer() hangs up) or elsewhere; cancelled or missed: the ringing stops.
    if (incoming.dialog.dataset.ringState === 'ringing') hangUp(incoming, 'idle');
  }
  if (!outgoing || !outgoing.ring || outgoing.ring.id !== ring.id) return;
  const name = ring.patientName;
  if (how === 'cancelled') {
    hangUp(outgoing, 'idle');
  } else if (how === 'accepted') {
    showButtons(outgoing, 'close');
    show(outgoing, 'connecting', name + ' accepted. Opening the call…');
    joinCall(ring.appointmentId)
      .then(() => hangUp(outgoing, 'active'))
      .catch((e) => show(outgoing, 'error', e.message));
  } else {
    outgoing.dialog.dataset.ringReason = how;
    showButtons(outgoing, 'close');
    show(
      outgoing,
      'ended',
      how === 'declined' ? name + ' declined.' : 'No answer from ' + name + '. It shows as a missed call.',
    );
    outgoing.close.focus();
  }
}
