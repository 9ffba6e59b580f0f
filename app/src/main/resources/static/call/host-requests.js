/*
 * A host's controls as the other person meets them (media-node/README.md, "Host controls"). Muted by a host: the
 * page has turned the microphone off, and says who did and that only this person can turn it on again. Asked to
 * unmute: the page asks, with Unmute and Stay muted; nothing is unmuted unless they press Unmute here.
 *
 * Contract: the request is <section class="mr-host-request" role="alertdialog">, its buttons
 * data-action="accept-unmute" and data-action="stay-muted".
 */

/**
 * Builds the (hidden) request in {@code root}; {@code unmute()} turns this page's microphone on. Returns
 * {mutedBy(name), unmuteRequested(name, muted), clear()}.
 */
export function createHostRequests(root, unmute) {
  const box = document.createElement('section');
  box.className = 'mr-host-request';
  box.hidden = true;
  box.setAttribute('role', 'alertdialog');
  box.setAttribute('aria-labelledby', 'host-request-text');
  box.innerHTML =
    '<p id="host-request-text"></p>' +
    '<button type="button" data-action="accept-unmute">Unmute</button>' +
    '<button type="button" data-action="stay-muted">Stay muted</button>';
  root.appendChild(box);
  const text = box.querySelector('#host-request-text');
  const accept = box.querySelector('[data-action="accept-unmute"]');
  const dismiss = box.querySelector('[data-action="stay-muted"]');
  accept.addEventListener('click', () => {
    close();
    unmute();
  });
  dismiss.addEventListener('click', close);
  box.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') close(); // as Stay muted (or OK)
  });

  let returnTo = null; // where the keyboard was before the request took it

  function close() {
    if (box.hidden) return;
    box.hidden = true;
    if (returnTo && returnTo.isConnected) returnTo.focus();
  }

  function open(words, asking) {
    if (box.hidden) returnTo = document.activeElement;
    text.textContent = words;
    accept.hidden = !asking;
    dismiss.textContent = asking ? 'Stay muted' : 'OK';
    box.hidden = false;
    (asking ? accept : dismiss).focus();
  }

  return {
    mutedBy(name) {
      open((name || 'The host') + ' muted your microphone. Press Mute again when you want to speak.', false);
    },
    /** Asks only while this page is {@code muted}: unmuted already, there is nothing to ask. */
    unmuteRequested(name, muted) {
      if (muted) open((name || 'The host') + ' asks you to unmute your microphone.', true);
    },
    clear: close,
  };
}
