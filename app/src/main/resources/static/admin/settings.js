// The clinic's settings (administrators only): whether each consultation's chat is kept with its appointment.
import { api } from '/shared/api.js';
import { $, say, when } from '/shared/dom.js';
import { showToAdministrators } from '/admin/console.js';

function show(settings) {
  $('settings').elements.keepChat.checked = settings.keepChat;
  $('settings-changed').textContent = settings.updatedAt ? 'Last changed ' + when(settings.updatedAt) + '.' : '';
}

$('settings').addEventListener('submit', (event) => {
  event.preventDefault();
  const keepChat = $('settings').elements.keepChat.checked;
  api('PUT', '/api/admin/clinic-settings', { keepChat })
    .then((settings) => {
      show(settings);
      say(
        settings.keepChat
          ? 'Saved: chat in calls is kept with the appointment from now on.'
          : 'Saved: chat lasts as long as the call.',
        true,
      );
    })
    .catch((e) => say(e.message));
});

async function start() {
  if (await showToAdministrators()) show(await api('GET', '/api/admin/clinic-settings'));
}
start().catch((e) => say(e.message));
