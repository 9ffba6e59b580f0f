// The MediRelay dashboard: sign in, book or publish availability, manage appointments and join video sessions.
// Talks to the JSON API with the access token kept in sessionStorage (gone when the tab closes); writes text with
// textContent only, so nothing from the API is ever parsed as HTML.
import { api, getToken, onUnauthorized, setToken } from '/shared/api.js';
import { $, button, cell, el, say, timeZone, when } from '/shared/dom.js';
import { on } from '/shared/events.js';
import { joinCall, ringPatient, stopWatching, watchRings } from '/shared/ring.js';
import { admissionChoice } from '/app/admission.js';
import { loadCalls, showCallNotice } from '/app/call-notice.js';
import { loadAvailability, loadDoctors, publish, startBooking } from '/app/booking.js';
import { loadMissedCalls } from '/app/missed-calls.js';
import { signIn } from '/app/sign-in.js';
import { loadVisits } from '/app/visits.js';

let token = getToken();
let me = null;
onUnauthorized(signOut);

const link = (text, href) => {
  const a = el('a', text);
  a.href = href;
  a.className = 'action-link';
  return a;
};

/** Whom an appointment is with, from the signed-in person's side. */
const otherSide = (a) =>
  me.role === 'doctor' ? a.patientName : me.role === 'patient' ? a.doctorName : a.doctorName + ' / ' + a.patientName;

function signOut() {
  stopWatching();
  token = null;
  me = null;
  setToken(null);
  $('guest-invite').hidden = true;
  loadCalls(null);
  $('missed-section').hidden = true;
  $('red-flag-alert').hidden = true;
  shownJson = null;
  render();
}

// What reaches the dashboard by push (the event stream, /shared/events.js): an appointment changed (booked,
// confirmed, cancelled, completed, a red flag raised), who is in a call (call-notice.js), a ring ended as a missed
// call; each (re)opened stream loads everything again.
let shownAppointments = []; // the rows on screen, for the red-flag banner
let shownJson = null; // the rows as last drawn: an unchanged list is not redrawn under the doctor's pointer
const signedIn = () => token && me && me.role !== 'admin';
on('ready', () => refresh());
on('appointment:changed', () => {
  // A call the host ended completes its appointment: it moves from the upcoming list to the past ones.
  if (signedIn()) Promise.all([loadAppointments(), loadVisits(me.role)]).catch(() => {});
});
on('call:end', () => {
  if (signedIn()) loadMissedCalls(me).catch(() => {});
});

async function refresh() {
  if (!signedIn()) return;
  await loadAppointments().catch(() => {});
  await loadCalls(me);
  await loadVisits(me.role).catch(() => {});
  await loadMissedCalls(me).catch(() => {});
}

// Red flags the consult assistant raised in the doctor's patients' pre-visit conversations (the appointment list
// carries them for the doctor only): a banner until the doctor dismisses it in this tab; the row's badge stays.
// A newer flag on the same appointment shows again.
const DISMISSED_KEY = 'medirelay.dismissedRedFlags';
const dismissed = new Set(JSON.parse(sessionStorage.getItem(DISMISSED_KEY) || '[]'));
const flagKey = (a) => a.id + '@' + a.redFlag.at;

function showRedFlags() {
  const flagged = shownAppointments.filter((a) => a.redFlag && !dismissed.has(flagKey(a)));
  $('red-flag-list').replaceChildren(
    ...flagged.map((a) => {
      const li = el('li');
      li.append(
        el(
          'span',
          a.patientName +
            ', appointment ' +
            when(a.start) +
            ': ' +
            a.redFlag.presentation +
            ' (raised ' +
            when(a.redFlag.at) +
            ')',
        ),
        link('Intake summary', '/assistant/intake.html?appointment=' + encodeURIComponent(a.id)),
        button(
          'Dismiss',
          async () => {
            dismissed.add(flagKey(a));
            sessionStorage.setItem(DISMISSED_KEY, JSON.stringify([...dismissed]));
            showRedFlags();
          },
          true,
        ),
      );
      return li;
    }),
  );
  $('red-flag-alert').hidden = flagged.length === 0;
}

async function render() {
  $('signed-out').hidden = !!token;
  $('signed-in').hidden = !token;
  $('whoami').hidden = !token;
  if (!token) return;
  me = me || (await api('GET', '/api/users/profile'));
  $('whoami-name').textContent = me.name + ' (' + me.role + ')';
  document.querySelectorAll('[data-for]').forEach((s) => {
    s.hidden = !s.dataset.for.split(' ').includes(me.role);
  });
  document.querySelectorAll('[data-time-zone]').forEach((e) => (e.textContent = timeZone));
  if (me.role === 'patient') await loadDoctors();
  if (me.role === 'doctor') await loadAvailability(me);
  if (me.role !== 'admin') await loadVisits(me.role);
  await loadAppointments();
  // The event stream's first event ('ready') loads the calls and missed calls.
  if (me.role !== 'admin') watchRings(me);
}

const ACTIONS = {
  doctor: {
    requested: [
      ['Confirm', 'confirmed'],
      ['Cancel', 'cancelled'],
    ],
    confirmed: [
      ['Start', 'in-progress'],
      ['No-show', 'no-show'],
      ['Cancel', 'cancelled'],
    ],
    'in-progress': [['Complete', 'completed']],
  },
  patient: { requested: [['Cancel', 'cancelled']], confirmed: [['Cancel', 'cancelled']] },
  admin: { requested: [['Cancel', 'cancelled']], confirmed: [['Cancel', 'cancelled']] },
};

/**
 * Cancelling is not one click away, nor next to Confirm: its button sits apart at the row's end and asks first,
 * in the row ("Cancel this appointment?" with "Yes, cancel it" and "Keep it", which has the focus).
 */
function cancelControl(appointment, cancel) {
  const area = el('span');
  area.className = 'cancel-area';
  const ask = () => {
    const keep = button('Keep it', async () => area.replaceChildren(start), true);
    const yes = button('Yes, cancel it', cancel);
    yes.className = 'danger';
    area.replaceChildren(el('span', 'Cancel this appointment? '), yes, keep);
    keep.focus();
  };
  const start = button('Cancel…', async () => ask(), true);
  start.classList.add('danger-outline');
  start.setAttribute('aria-label', 'Cancel the appointment of ' + when(appointment.start));
  area.append(start);
  return area;
}

/** "by you, 2 Dec 2026, 14:05" or "by Dr Ana Silva (doctor), …": who cancelled an appointment and when. */
function cancelledBy(c) {
  const who = c.by === me.role ? 'you' : c.by === 'admin' ? 'the clinic' : c.name + ' (' + c.by + ')';
  return 'by ' + who + ', ' + when(c.at);
}

async function loadAppointments() {
  const rows = await api('GET', '/api/appointments');
  shownAppointments = rows;
  showRedFlags();
  showCallNotice(rows);
  const json = JSON.stringify(rows);
  if (json === shownJson) return;
  shownJson = json;
  const body = $('appointments').querySelector('tbody');
  body.replaceChildren();
  if (!rows.length) {
    const tr = el('tr');
    const td = el('td', 'Nothing planned.');
    td.colSpan = 5;
    tr.append(td);
    body.append(tr);
  }
  for (const a of rows) {
    const tr = el('tr');
    tr.dataset.appointmentId = a.id;
    tr.dataset.status = a.status;
    const status = cell('Status', a.status);
    if (a.cancellation) status.append(el('span', ' ' + cancelledBy(a.cancellation)));
    if (a.redFlag) {
      tr.classList.add('red-flag');
      const badge = el('span', 'Red flag: ' + a.redFlag.presentation);
      badge.className = 'red-flag-badge';
      status.append(badge);
    }
    tr.append(cell('When', when(a.start)), cell('With', otherSide(a)), cell('Reason', a.reason), status);
    const actions = el('td');
    if (me.role !== 'admin' && (a.status === 'confirmed' || a.status === 'in-progress')) {
      actions.append(button('Join video', async () => joinCall(a.id)));
      if (me.role === 'doctor') {
        actions.append(
          button('Ring patient', async () => ringPatient(a), true),
          admissionChoice(a),
        );
      }
      actions.append(button('Invite a guest', async () => openGuestInvite(a), true));
    }
    // The consult assistant's pages reuse this tab's token, so they open in the same tab.
    if (me.role === 'patient' && (a.status === 'requested' || a.status === 'confirmed')) {
      actions.append(link('Pre-visit questions', '/assistant/index.html?appointment=' + encodeURIComponent(a.id)));
    }
    if (me.role === 'doctor' && a.status !== 'cancelled') {
      actions.append(link('Intake summary', '/assistant/intake.html?appointment=' + encodeURIComponent(a.id)));
    }
    for (const [label, status] of ACTIONS[me.role][a.status] || []) {
      const move = async () => {
        await api('PUT', '/api/appointments/' + a.id + '/status', { status });
        await loadAppointments();
      };
      actions.append(status === 'cancelled' ? cancelControl(a, move) : button(label, move, true));
    }
    tr.append(actions);
    body.append(tr);
  }
}

let inviteFor = null; // the appointment a guest link is being made for

async function openGuestInvite(appointment) {
  inviteFor = appointment;
  $('guest-form').reset();
  $('guest-result').hidden = true;
  $('guest-invite').hidden = false;
  $('guest-form').elements.displayName.focus();
}

$('guest-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const displayName = $('guest-form').elements.displayName.value.trim();
  api('POST', '/api/appointments/' + inviteFor.id + '/session/guests', { displayName })
    .then((grant) => {
      $('guest-link').value = grant.joinUrl;
      $('guest-valid').textContent = validity(grant.expiresIn);
      $('guest-result').hidden = false;
      say('Link created for ' + displayName + '.', true);
    })
    .catch((e) => say(e.message));
});
/** How long a join link lasts, as the guest will read it: "(valid for 60 minutes, until 14:35)". */
function validity(seconds) {
  if (!(seconds > 0)) return '';
  const until = new Date(Date.now() + seconds * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const minutes = Math.round(seconds / 60);
  return '(valid for ' + (minutes === 1 ? '1 minute' : minutes + ' minutes') + ', until ' + until + ')';
}

$('guest-close').addEventListener('click', () => {
  $('guest-invite').hidden = true;
  inviteFor = null;
});
$('guest-copy').addEventListener('click', () => {
  navigator.clipboard
    .writeText($('guest-link').value)
    .then(() => say('Link copied.', true))
    .catch(() => {
      $('guest-link').select();
      say('Select the link and copy it.');
    });
});

const form = (id) => Object.fromEntries(new FormData($(id)).entries());

$('sign-in').addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    const data = form('sign-in');
    const result = await signIn(data.email, data.password);
    token = result.token;
    me = result.user;
    setToken(token);
    say('');
    await render();
  } catch (err) {
    say(err.message);
  }
});

$('register').addEventListener('submit', async (e) => {
  e.preventDefault();
  const data = form('register');
  try {
    // The answer is the same whether or not the email already had an account; signing in tells which.
    const answer = await api('POST', '/api/auth/register', data);
    const result = await signIn(data.email, data.password).catch(() => null);
    if (!result) {
      say(answer.detail, true);
      return;
    }
    token = result.token;
    me = result.user;
    setToken(token);
    say('Welcome, ' + me.name + '.', true);
    await render();
  } catch (err) {
    say(err.message);
  }
});

$('publish').addEventListener('submit', (e) => {
  e.preventDefault();
  publish(me, form('publish')).catch((err) => say(err.message));
});

startBooking(() => loadAppointments());
$('sign-out').addEventListener('click', signOut);
render().catch((e) => say(e.message));
