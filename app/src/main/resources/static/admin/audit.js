// The administrators' audit log page: the newest events first, filtered by event type, user, subject and time. The
// event types come from the API, so the filter offers exactly what the app records.
import { api } from '/shared/api.js';
import { $, cell, el, say, when } from '/shared/dom.js';
import { emptyRow, showToAdministrators } from '/admin/console.js';

/** The filter as query parameters: empty fields left out, local times sent as instants. */
function query() {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData($('audit-filter'))) {
    if (value === '') continue;
    params.set(name, name === 'from' || name === 'to' ? new Date(value).toISOString() : value);
  }
  return params;
}

async function search() {
  const events = await api('GET', '/api/audit?' + query());
  const body = $('audit').querySelector('tbody');
  body.replaceChildren();
  if (!events.length) emptyRow(body, 'No events match.', 6);
  for (const e of events) {
    const tr = el('tr');
    tr.dataset.type = e.type;
    tr.append(
      cell('When', when(e.at)),
      cell('Event', e.type),
      cell('User', e.userId || ''),
      cell('Subject', e.subject || ''),
      cell('From', e.remoteAddress || ''),
      cell('Detail', e.detail || ''),
    );
    body.append(tr);
  }
}

$('audit-filter').addEventListener('submit', (e) => {
  e.preventDefault();
  search().catch((err) => say(err.message));
});

async function start() {
  if (!(await showToAdministrators())) return;
  const types = await api('GET', '/api/audit/types');
  $('audit-filter').elements.type.append(
    ...types.map((t) => {
      const o = el('option', t);
      o.value = t;
      return o;
    }),
  );
  await search();
}
start().catch((e) => say(e.message));
