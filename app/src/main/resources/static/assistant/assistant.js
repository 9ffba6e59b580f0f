// The patient's assistant page: pre-visit questions for an appointment (?appointment=ID) or general help.
// Uses the dashboard's access token (sessionStorage, same tab) and writes text with textContent only, so nothing the
// API returns is ever parsed as HTML.
import { api, getToken } from '/shared/api.js';
import { $, when } from '/shared/dom.js';
import { watchRingsOnThisPage } from '/shared/ring.js';

const params = new URLSearchParams(location.search);
let conversationId = null;

function state(name) {
  document.body.dataset.state = name;
}
function say(text) {
  $('message').textContent = text || '';
}

function show(message) {
  const li = document.createElement('li');
  li.textContent = message.text;
  li.className = 'from-' + message.from + (message.emergency ? ' emergency' : '');
  if (message.emergency) li.setAttribute('role', 'alert');
  $('messages').appendChild(li);
  li.scrollIntoView({ block: 'end' });
}

async function open(appointmentId) {
  const conversation = await api('POST', '/api/assistant/conversations', appointmentId ? { appointmentId } : {});
  conversationId = conversation.id;
  $('chat-title').textContent = appointmentId ? 'Pre-visit questions' : 'Ask the assistant';
  $('messages').replaceChildren();
  conversation.messages.forEach(show);
  $('chat-section').hidden = false;
  state(conversation.intakeComplete ? 'intake-complete' : 'ready');
  $('text').focus();
}

async function listAppointments() {
  const appointments = await api('GET', '/api/appointments');
  const list = $('appointments');
  list.replaceChildren();
  appointments.forEach((a) => {
    const li = document.createElement('li');
    const link = document.createElement('a');
    link.href = '/assistant/index.html?appointment=' + encodeURIComponent(a.id);
    link.textContent = when(a.start) + ' with ' + a.doctorName;
    li.appendChild(link);
    list.appendChild(li);
  });
  $('appointments-section').hidden = appointments.length === 0;
}

$('send').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = $('text').value.trim();
  if (!text || !conversationId) return;
  state('sending');
  say('');
  try {
    const reply = await api(
      'POST',
      '/api/assistant/conversations/' + encodeURIComponent(conversationId) + '/messages',
      { text },
    );
    show({ from: 'patient', text });
    show({ from: 'assistant', text: reply.reply, emergency: reply.emergency });
    $('text').value = '';
    state(reply.emergency ? 'emergency' : reply.intakeComplete ? 'intake-complete' : 'ready');
  } catch (e) {
    say(e.message);
    state('error');
  }
});

(async () => {
  if (!getToken()) {
    $('signed-out').hidden = false;
    state('signed-out');
    return;
  }
  try {
    const appointmentId = params.get('appointment');
    if (!appointmentId) await listAppointments();
    await open(appointmentId);
  } catch (e) {
    say(e.message);
    state('error');
  }
})();

// Rings reach the signed-in patient or doctor on this page too (shared/ring.js).
watchRingsOnThisPage().catch(() => {});
