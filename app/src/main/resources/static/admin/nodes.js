// The administrators' media nodes page: each node's state and load with drain and undrain buttons, and the calls in
// progress. A drain request travels to the node in its next heartbeat reply, so the page shows it as requested until
// the node reports it.
import { api } from '/shared/api.js';
import { $, cell, el, say, when } from '/shared/dom.js';
import { actionButton, emptyRow, showToAdministrators } from '/admin/console.js';

const REFRESH_MS = 10000;

function state(node) {
  const words = [node.live ? 'live' : 'offline'];
  if (node.draining) words.push('draining');
  if (node.drainRequest === true && !node.draining) words.push('drain requested');
  if (node.drainRequest === false && node.draining) words.push('undrain requested');
  return words.join(', ');
}

async function loadNodes() {
  const nodes = await api('GET', '/api/media-nodes');
  const body = $('nodes').querySelector('tbody');
  body.replaceChildren();
  if (!nodes.length) emptyRow(body, 'No media node has registered.', 6);
  for (const n of nodes) {
    const tr = el('tr');
    tr.dataset.nodeId = n.id;
    const name = cell('Node', n.id);
    name.append(el('br'), el('small', n.signalingUrl));
    tr.append(
      name,
      cell('State', state(n)),
      cell('Load', n.participants + ' of ' + n.capacity + ' participants'),
      cell('Sessions', String(n.sessions)),
      cell('Last heartbeat', when(n.lastHeartbeat)),
    );
    const drain = n.drainRequest ?? n.draining;
    const actions = el('td');
    actions.append(
      actionButton(drain ? 'Undrain' : 'Drain', (drain ? 'Undrain ' : 'Drain ') + n.id, async () => {
        await api(drain ? 'DELETE' : 'POST', '/api/admin/media-nodes/' + encodeURIComponent(n.id) + '/drain');
        say(
          drain
            ? n.id + ' takes new calls again from its next heartbeat.'
            : n.id + ' gets no new calls from its next heartbeat; its calls continue.',
          true,
        );
        await load();
      }),
    );
    tr.append(actions);
    body.append(tr);
  }
}

async function loadCalls() {
  const calls = await api('GET', '/api/admin/calls');
  const body = $('calls').querySelector('tbody');
  body.replaceChildren();
  if (!calls.length) emptyRow(body, 'No call in progress.', 4);
  for (const c of calls) {
    const tr = el('tr');
    const who = c.external
      ? 'A clinic backend’s consultation ' + c.appointmentId
      : c.doctorName
        ? c.doctorName + ' with ' + c.patientName
        : 'Unknown session';
    tr.append(
      cell('Consultation', who),
      cell('Booked for', c.appointmentStart ? when(c.appointmentStart) : ''),
      cell('Node', c.mediaNodeId),
      cell('Session', c.sessionId),
    );
    body.append(tr);
  }
}

const load = () => Promise.all([loadNodes(), loadCalls()]);

$('refresh').addEventListener('click', () => load().catch((e) => say(e.message)));

async function start() {
  if (!(await showToAdministrators())) return;
  await load();
  setInterval(() => {
    if (document.visibilityState === 'visible') load().catch((e) => say(e.message));
  }, REFRESH_MS);
}
start().catch((e) => say(e.message));
