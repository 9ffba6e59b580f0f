// An invited staff member chooses their password. The link carries the one-time token in its fragment (#token=…),
// which the browser never sends to a server; it is taken out of the address bar at once.
import { api } from '/shared/api.js';
import { $, say } from '/shared/dom.js';

const token = new URLSearchParams(location.hash.slice(1)).get('token');
history.replaceState(null, '', location.pathname);

if (!token) {
  $('choose').hidden = true;
  say('This link is incomplete. Open the whole link you were sent, or ask your administrator for a new one.');
} else {
  $('invitation').addEventListener('submit', async (e) => {
    e.preventDefault();
    const form = $('invitation').elements;
    if (form.password.value !== form.again.value) {
      say('The two passwords differ.');
      return;
    }
    let data;
    try {
      // This page signs no one in: the dashboard's access token, if this tab has one, is not sent.
      data = await api('POST', '/api/auth/invitation', { token, password: form.password.value }, { auth: false });
    } catch (err) {
      say(err.message);
      return;
    }
    $('done-email').textContent = data.email;
    $('choose').hidden = true;
    $('done').hidden = false;
    say('');
  });
}
