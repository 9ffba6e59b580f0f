// What the administrators' console pages share: the sign-in check (the API refuses anyone who is not an
// administrator; the page only says so nicely) and the buttons of their tables.
import { api, getToken } from '/shared/api.js';
import { $, el, say } from '/shared/dom.js';

/** Shows the page to an administrator (resolves true) or its "for administrators" notice to anyone else. */
export async function showToAdministrators() {
  const me = getToken() ? await api('GET', '/api/users/profile').catch(() => null) : null;
  if (!me || me.role !== 'admin') {
    $('not-admin').hidden = false;
    return false;
  }
  $('whoami-name').textContent = me.name + ' (' + me.role + ')';
  $('admin').hidden = false;
  return true;
}

/** A secondary button whose accessible name says what it acts on; a failure is shown in the message line. */
export function actionButton(text, label, onClick) {
  const b = el('button', text);
  b.type = 'button';
  b.className = 'secondary';
  b.setAttribute('aria-label', label);
  b.addEventListener('click', () => onClick().catch((e) => say(e.message)));
  return b;
}

/** One row spanning the table, saying it is empty. */
export function emptyRow(body, text, columns) {
  const td = el('td', text);
  td.colSpan = columns;
  body.append(el('tr'));
  body.lastChild.append(td);
}
