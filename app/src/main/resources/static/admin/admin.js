// The administrators' accounts page: find accounts, create doctors and administrators, disable and enable accounts,
// hand out invitation links and password resets. Uses the dashboard's access token (sessionStorage, this tab); the API refuses anyone
// who is not an administrator, this page only says so nicely. Text is written with textContent only.
import { api } from '/shared/api.js';
import { $, cell, el, say, when } from '/shared/dom.js';
import { actionButton as button, emptyRow, showToAdministrators } from '/admin/console.js';

function showInvitation(user, url, expiresAt, reset) {
  $('invitation-what').textContent = reset ? 'password reset link' : 'invitation link';
  $('invitation-for').textContent = user.name + ' <' + user.email + '>';
  $('invitation-expires').textContent = when(expiresAt);
  $('invitation-link').value = url;
  $('invitation').hidden = false;
}

async function search() {
  // Only the filters in use: an empty one ("any role") is left out of the query.
  const params = new URLSearchParams([...new FormData($('search'))].filter(([, value]) => value !== ''));
  const users = await api('GET', '/api/admin/users?' + params);
  const body = $('users').querySelector('tbody');
  body.replaceChildren();
  if (!users.length) emptyRow(body, 'No accounts match.', 6);
  for (const u of users) {
    const tr = el('tr');
    tr.dataset.email = u.email;
    tr.append(
      cell('Name', u.name),
      cell('Email', u.email),
      cell('Role', u.role),
      cell('Since', when(u.createdAt)),
      cell('State', u.disabled ? 'disabled' : 'active'),
    );
    const actions = el('td');
    const change = u.disabled ? 'enable' : 'disable';
    actions.append(
      button(u.disabled ? 'Enable' : 'Disable', (u.disabled ? 'Enable ' : 'Disable ') + u.email, async () => {
        await api('POST', '/api/admin/users/' + encodeURIComponent(u.id) + '/' + change);
        say(u.email + (u.disabled ? ' can sign in again.' : ' is disabled: signed out everywhere.'), true);
        await search();
      }),
    );
    if (u.role !== 'patient') {
      actions.append(
        button('New invitation link', 'New invitation link for ' + u.email, async () => {
          const link = await api('POST', '/api/admin/users/' + encodeURIComponent(u.id) + '/invitation');
          showInvitation(u, link.invitationUrl, link.expiresAt);
          say('A new link for ' + u.email + '; the earlier one no longer works.', true);
        }),
      );
    }
    actions.append(
      button('Reset password', 'Reset password of ' + u.email, async () => {
        const link = await api('POST', '/api/admin/users/' + encodeURIComponent(u.id) + '/password-reset');
        showInvitation(u, link.invitationUrl, link.expiresAt, true);
        say('A password reset link was mailed to ' + u.email + '; earlier links no longer work.', true);
      }),
    );
    tr.append(actions);
    body.append(tr);
  }
}

$('search').addEventListener('submit', (e) => {
  e.preventDefault();
  search().catch((err) => say(err.message));
});

$('create-staff').addEventListener('submit', async (e) => {
  e.preventDefault();
  const data = Object.fromEntries(new FormData($('create-staff')).entries());
  if (!data.password) delete data.password;
  try {
    const created = await api('POST', '/api/admin/users', data);
    $('create-staff').reset();
    $('invitation').hidden = true;
    if (created.invitationUrl) showInvitation(created.user, created.invitationUrl, created.invitationExpiresAt);
    say('Account created for ' + created.user.name + '.', true);
    await search();
  } catch (err) {
    say(err.message);
  }
});

$('invitation-copy').addEventListener('click', () => {
  navigator.clipboard
    .writeText($('invitation-link').value)
    .then(() => say('Link copied.', true))
    .catch(() => {
      $('invitation-link').select();
      say('Select the link and copy it.');
    });
});

async function start() {
  if (await showToAdministrators()) await search();
}
start().catch((e) => say(e.message));
