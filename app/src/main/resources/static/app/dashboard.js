// The MediRelay dashboard: sign in, book or publish availability, manage appointments and join video sessions.
// Talks to the JSON API with the access token kept in sessionStorage (gone when the tab closes); writes text with
// textContent only, so nothing from the API is ever parsed as HTML.
import { api, getToken, onUnauthorized, setToken } from '/shared/api.js';
import { $, cell, el, say, when } from '/shared/dom.js';
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
const button = (text, onClick, secondary) => {
  const b = el('button', text);
  b.type = 'button';
  if (secondary) b.className = 'secondary';
  b.addEventListener('click', () => onClick().catch((e) => say(e.message)));
  return b;
};

/** Whom an appointment is with, from the signed-in person's side. */
const otherSide = (a) =>
  me.role === 'doctor' ? a.patientName : me.role === 'patient' ? a.doctorName : a.doctorName + ' / ' + a.patientName;

function signOut() {
  token = null;
  me = null;
  setToken(null);
  $('guest-invite').hidden = true;
  $('call-waiting').hidden = true;
  $('red-flag-alert').hidden = true;
  shownJson = null;
  render();
}

async function joinVideo(appointmentId) {
  const session = await api('POST', '/api/appointments/' + appointmentId + '/session');
  window.open(session.joinUrl, '_blank', 'noopener');
}

// Whether the other side is already in the video call of one of this person's appointments, asked every few seconds
// while the page is visible (the app rings no one: a patient sees the notice the next time they look). The same
// tick reloads the appointments, so a red flag a patient raises reaches the doctor's screen without a reload.
const CALL_CHECK_MS = 10000;
let shownAppointments = []; // the rows on screen, for the notice's wording
let shownJson = null; // the rows as last drawn: an unchanged list is not redrawn under the doctor's pointer
let waitingFor = null; // the appointment whose call the notice offers
$('call-waiting-join').addEventListener('click', () => {
  if (waitingFor) joinVideo(waitingFor.id).catch((e) => say(e.message));
});

async function checkCalls() {
  if (!token || !me || me.role === 'admin' || document.visibilityState !== 'visible') return;
  const calls = await api('GET', '/api/calls').catch(() => []);
  const ids = new Set(calls.map((c) => c.appointmentId));
  waitingFor = shownAppointments.find((a) => ids.has(a.id)) || null;
  $('call-waiting').hidden = !waitingFor;
  document.title = (waitingFor ? '● ' : '') + document.title.replace(/^● /, '');
  if (waitingFor) {
    $('call-waiting-text').textContent =
      'The video call for your ' +
      when(waitingFor.start) +
      ' appointment with ' +
      otherSide(waitingFor) +
      ' has started.';
  }
}
async function refresh() {
  if (!token || !me || me.role === 'admin' || document.visibilityState !== 'visible') return;
  await loadAppointments().catch(() => {});
  await checkCalls();
  // A call the host ended completes its appointment: it moves from the upcoming list to the past ones.
  await loadVisits(me.role).catch(() => {});
}
setInterval(refresh, CALL_CHECK_MS);
document.addEventListener('visibilitychange', refresh);

// Red flags the consult assistant raised in the doctor's patients' pre-visit conversations (the appointment list
// carries them for the doctor only): a banner until the doctor dismisses it in this tab; the row's badge stays.
// A newer flag on the same appointment shows again. Until a push channel exists, this is the notification.
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
  if (me.role === 'patient') await loadDoctors();
  if (me.role !== 'admin') await loadVisits(me.role);
  await loadAppointments();
  await checkCalls();
}

async function loadDoctors() {
  const doctors = await api('GET', '/api/doctors');
  const select = $('doctor');
  const current = select.value;
  select.replaceChildren(
    ...doctors.map((d) => {
      const o = el('option', d.name);
      o.value = d.id;
      return o;
    }),
  );
  if (current) select.value = current;
  await loadSlots();
}

async function loadSlots() {
  const list = $('slots');
  list.replaceChildren();
  if (!$('doctor').value) {
    list.append(el('li', 'No doctors yet.'));
    return;
  }
  const slots = await api('GET', '/api/doctors/' + encodeURIComponent($('doctor').value) + '/slots');
  if (!slots.length) list.append(el('li', 'No free slots in the next two weeks.'));
  for (const slot of slots.slice(0, 60)) {
    const li = el('li');
    li.append(
      button(
        when(slot.start),
        async () => {
          await api('POST', '/api/appointments', {
            doctorId: $('doctor').value,
            start: slot.start,
            reason: $('reason').value,
          });
          say('Booked for ' + when(slot.start) + '. The doctor will confirm it.', true);
          await loadSlots();
          await loadAppointments();
        },
        true,
      ),
    );
    list.append(li);
  }
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

async function loadAppointments() {
  const rows = await api('GET', '/api/appointments');
  shownAppointments = rows;
  showRedFlags();
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
    const status = cell('Status', a.status);
    if (a.redFlag) {
      tr.classList.add('red-flag');
      const badge = el('span', 'Red flag: ' + a.redFlag.presentation);
      badge.className = 'red-flag-badge';
      status.append(badge);
    }
    tr.append(cell('When', when(a.start)), cell('With', otherSide(a)), cell('Reason', a.reason), status);
    const actions = el('td');
    if (me.role !== 'admin' && (a.status === 'confirmed' || a.status === 'in-progress')) {
      actions.append(button('Join video', async () => joinVideo(a.id)));
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
      actions.append(
        button(
          label,
          async () => {
            await api('PUT', '/api/appointments/' + a.id + '/status', { status });
            await loadAppointments();
          },
          true,
        ),
      );
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
      $('guest-result').hidden = false;
      say('Link created for ' + displayName + '.', true);
    })
    .catch((e) => say(e.message));
});
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

$('publish').addEventListener('submit', async (e) => {
  e.preventDefault();
  const data = form('publish');
  try {
    await api('POST', '/api/doctors/' + me.id + '/availability', {
      start: new Date(data.start).toISOString(),
      end: new Date(data.end).toISOString(),
      slotMinutes: Number(data.slotMinutes),
    });
    say('Availability published.', true);
  } catch (err) {
    say(err.message);
  }
});

$('doctor').addEventListener('change', () => loadSlots().catch((e) => say(e.message)));
$('sign-out').addEventListener('click', signOut);
render().catch((e) => say(e.message));
