// An invited staff member chooses their password. The link carries the one-time token in its fragment (#token=…),
// which the browser never sends to a server; it is taken out of the address bar at once.
(() => {
  const $ = (id) => document.getElementById(id);
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  history.replaceState(null, '', location.pathname);

  function say(text, ok) {
    $('message').textContent = text || '';
    $('message').className = ok ? 'ok' : '';
  }

  if (!token) {
    $('choose').hidden = true;
    say('This link is incomplete. Open the whole link you were sent, or ask your administrator for a new one.');
    return;
  }

  $('invitation').addEventListener('submit', async (e) => {
    e.preventDefault();
    const form = $('invitation').elements;
    if (form.password.value !== form.again.value) {
      say('The two passwords differ.');
      return;
    }
    const response = await fetch('/api/auth/invitation', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ token, password: form.password.value }),
    });
    const data = await response.json().catch(() => null);
    if (!response.ok) {
      say((data && (data.detail || data.title)) || 'HTTP ' + response.status);
      return;
    }
    $('done-email').textContent = data.email;
    $('choose').hidden = true;
    $('done').hidden = false;
    say('');
  });
})();
